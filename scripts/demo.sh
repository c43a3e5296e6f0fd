#!/usr/bin/env bash
# The whole story on one machine: a CA and identities, a key-generation round, one-time passwords from the
# new key, and a file shared 3-of-5, refreshed, redistributed to 2-of-3 and recovered; then a check that no
# secret reached any file, log or command line. Everything lives in one directory; every process the demo
# starts is stopped when it exits, also on Ctrl-C or a failure.
#
#   scripts/demo.sh [--dir DIR] [--tmux]
#
# Exit codes: 0 every step did what it should, 1 a step failed, 2 bad arguments, 5 the build, the directory
# or tmux is missing or unusable, 130/143 interrupted.
set -uo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
ME="$ROOT/scripts/demo.sh"
EXECUTABLES=(common-crypto keygen-server keygen-client otp-distributor otp-requester dealer share-holder)
RSA_BITS=2048
WAIT=30s              # how long a dealer command waits for its holders
READY_TIMEOUT=60      # seconds a server may take to print its ready line
# The serial collector starts fastest; C2 stays on, since RSA key generation without it is several times
# slower (BigInteger has no intrinsics in C1). JAVA_OPTS wins.
export JAVA_OPTS="${JAVA_OPTS:--XX:+UseSerialGC}"

usage() {
  cat <<'EOF'
Usage: scripts/demo.sh [--dir DIR] [--tmux]
Runs the whole suite on loopback: CA and identities, a key-generation round with three clients,
one-time passwords from the new key, a file and a phrase shared 3-of-5, refreshed, redistributed
to 2-of-3 and recovered; then checks that no secret reached a file, a log or a command line.
  --dir DIR   keep everything in DIR (must be new or empty; default: a new directory under ${TMPDIR:-/tmp})
  --tmux      watch each long-running role in its own pane of a new tmux session
  -h, --help  show this help
Exit codes: 0 every step passed, 1 a step failed, 2 bad arguments, 5 build, directory or tmux unusable.
EOF
}

error() { # one line, the suite's error style; optional hint
  echo "demo: error: $1" >&2
  [ $# -gt 1 ] && echo "demo: hint: $2" >&2
  return 0
}

DIR="" TMUX_MODE=0 TMUX_SESSION=""
while [ $# -gt 0 ]; do
  case $1 in
    --dir) [ $# -ge 2 ] || { error "--dir needs a directory" "see 'scripts/demo.sh --help'"; exit 2; }
           DIR=$2; shift 2 ;;
    --dir=*) DIR=${1#--dir=}; shift ;;
    --tmux) TMUX_MODE=1; shift ;;
    --tmux-session) [ $# -ge 2 ] || { error "--tmux-session needs a name"; exit 2; }
           TMUX_SESSION=$2; shift 2 ;;   # internal: the driver running inside the session's first pane
    -h|--help) usage; exit 0 ;;
    *) error "unknown argument '$1'" "see 'scripts/demo.sh --help'"; exit 2 ;;
  esac
done

# ---------------------------------------------------------------------------------------------------------
# Preparation: build, directory, tmux. Done once, by the command the user typed.

build_if_needed() {
  local missing=()
  for m in "${EXECUTABLES[@]}"; do
    [ -f "$ROOT/$m/target/$m.jar" ] || missing+=("$m")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "building the suite first (${#missing[@]} of ${#EXECUTABLES[@]} executables missing): mvn -B -q -DskipTests package"
  command -v mvn >/dev/null || { error "mvn not found" "install Maven 3.8+ and Java 17+, then run scripts/demo.sh again"; exit 5; }
  # Quiet Maven still writes bare colour resets; they would only clutter the first screen.
  (cd "$ROOT" && mvn -B -q -DskipTests package 2>&1 | sed "s/$(printf '\033')\[[0-9;]*m//g") \
    || { error "the build failed (output above)"; exit 5; }
}

make_demo_dir() {
  if [ -z "$DIR" ]; then
    DIR=$(mktemp -d "${TMPDIR:-/tmp}/dkg-demo.XXXXXX") || { error "cannot create a directory under ${TMPDIR:-/tmp}"; exit 5; }
  elif [ -e "$DIR" ] && { [ ! -d "$DIR" ] || [ -n "$(ls -A "$DIR")" ]; }; then
    error "$DIR exists and is not an empty directory; the demo never mixes its files with others" \
          "name a new directory with --dir, or leave --dir out for a fresh one"
    exit 5
  else
    mkdir -p "$DIR" || { error "cannot create $DIR"; exit 5; }
  fi
  DIR=$(cd "$DIR" && pwd)
  chmod 700 "$DIR"
}

# One tmux session: the driver in a wide pane on top, below it a 3x3 grid with one pane per long-running
# role. The panes show each role's own output (logs/ROLE-NAME.out/.err, followed as the roles write them),
# so the processes themselves stay children of the driver, which stops them all whatever happens.
open_tmux_session() {
  local s=$1 row col
  mkdir -p "$DIR/logs"
  tmux new-session -d -s "$s" -x 240 -y 60 -n demo "$(printf '%q ' "$ME" --dir "$DIR" --tmux-session "$s")" \
    || { error "tmux could not start a session"; exit 5; }
  tmux set-option -t "$s" pane-border-status top >/dev/null
  tmux set-option -t "$s" pane-border-format ' #{pane_title} ' >/dev/null
  tmux select-pane -t "$s:0.0" -T "demo driver ($DIR)"
  local dealer_logs=()
  for c in split refresh reshare combine; do dealer_logs+=("dealer-$c.out" "dealer-$c.err"); done
  # Rows first (top to bottom), then each row split into three columns.
  local rows=()
  rows[0]=$(role_pane "$s:0.0" -v 62% "keygen-server" keygen-server.out keygen-server.err)
  rows[1]=$(role_pane "${rows[0]}" -v 66% "share-holder holder1" share-holder-holder1.out share-holder-holder1.err)
  rows[2]=$(role_pane "${rows[1]}" -v 50% "share-holder holder4" share-holder-holder4.out share-holder-holder4.err)
  col=$(role_pane "${rows[0]}" -h 66% "otp-distributor" otp-distributor.out otp-distributor.err)
  role_pane "$col" -h 50% "dealer (one command at a time)" "${dealer_logs[@]}" >/dev/null
  for row in 1 2; do
    local h=$((row * 3 - 1))
    col=$(role_pane "${rows[row]}" -h 66% "share-holder holder$h" share-holder-holder$h.out share-holder-holder$h.err)
    role_pane "$col" -h 50% "share-holder holder$((h + 1))" \
      "share-holder-holder$((h + 1)).out" "share-holder-holder$((h + 1)).err" >/dev/null
  done
  tmux select-pane -t "$s:0.0"
}

role_pane() { # role_pane TARGET -v|-h SIZE TITLE LOG...: split TARGET, follow the logs; prints the new pane's id
  local target=$1 direction=$2 size=$3 title=$4 pane
  shift 4
  pane=$(tmux split-window -d "$direction" -l "$size" -t "$target" -P -F '#{pane_id}' \
    "cd $(printf '%q' "$DIR/logs") && exec tail -n +1 -F $(printf '%q ' "$@") 2>/dev/null") || return 1
  tmux select-pane -t "$pane" -T "$title"
  echo "$pane"
}

if [ -z "$TMUX_SESSION" ]; then
  if [ $TMUX_MODE = 1 ] && ! command -v tmux >/dev/null; then
    error "--tmux needs tmux, which is not installed" \
          "install it (Debian/Ubuntu: sudo apt-get install tmux; Fedora: sudo dnf install tmux; macOS: brew install tmux) or run scripts/demo.sh without --tmux"
    exit 5
  fi
  build_if_needed
  make_demo_dir
  if [ $TMUX_MODE = 1 ]; then
    session="dkg-demo-$(basename "$DIR" | tr -c 'A-Za-z0-9_\n-' '-')"
    tmux has-session -t "=$session" 2>/dev/null && session="$session-$$"
    open_tmux_session "$session"
    echo "demo directory: $DIR"
    echo "tmux session:   $session (the driver in the first pane, one pane per long-running role)"
    if [ -n "${TMUX:-}" ]; then
      tmux switch-client -t "$session"
    elif [ -t 0 ] && [ -t 1 ]; then
      tmux attach-session -t "$session"
      [ -f "$DIR/demo.rc" ] && exit "$(cat "$DIR/demo.rc")"
    else
      echo "watch it with: tmux attach -t $session"
    fi
    exit 0
  fi
else
  DIR=$(cd "$DIR" && pwd)
fi

# ---------------------------------------------------------------------------------------------------------
# The driver.

umask 077               # logs and state of security software are nobody else's business
LOGS="$DIR/logs"
CLEAR="$DIR/clear"     # the only files that hold secrets in the clear, by design: inputs, outputs, password
PKI="$DIR/pki"
DATA="$DIR/data"
mkdir -p "$LOGS" "$CLEAR" "$PKI" "$DATA"
PW="$CLEAR/pw"
CA_PW="$CLEAR/ca-pw"   # the CA's own password: pki issue refuses an identity password equal to it

STEPS=(
  "CA and 14 identities (RSA $RSA_BITS for speed)"
  "keygen server ready"
  "keygen round with alice, bob, carol"
  "receipts agree with keygen-server list"
  "OTP distributor on the new key"
  "dora gets a TOTP code"
  "the code verifies"
  "the same code again is refused"
  "mallory (not in ACL), revoked dora: refused"
  "five share holders connected"
  "dealer splits phrase + file 3-of-5"
  "refresh: new shares, same secret"
  "reshare to 2-of-3: holder1, holder2, holder6"
  "recover with holder2 + holder6 only"
  "2-of-3 Ed25519 threshold key; openssl loads it"
  "alice + carol sign a file (FROST); openssl verifies"
  "no secret in files, logs or ps"
)
RESULT=() DETAIL=() SECONDS_TAKEN=()
for i in "${!STEPS[@]}"; do RESULT[i]=skipped; DETAIL[i]=""; SECONDS_TAKEN[i]=""; done
CURRENT=-1 STEP_START=0

now_ms() { # bash 5's clock when there is one, so timing costs no process
  if [ -n "${EPOCHREALTIME:-}" ]; then local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); else echo $(($(date +%s) * 1000)); fi
}
START_MS=$(now_ms)

step() { # step N: announce it; the result goes on the same line
  CURRENT=$(($1 - 1))
  STEP_START=$(now_ms)
  local label=${STEPS[CURRENT]} dots
  dots=$(printf '%*s' $((48 - ${#label})) '' | tr ' ' '.')
  printf '[%2d/%d] %s %s ' "$1" "${#STEPS[@]}" "$label" "$dots"
}

finish_step() {
  local ms=$(($(now_ms) - STEP_START))
  SECONDS_TAKEN[CURRENT]=$(printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)))
  RESULT[CURRENT]=$1
  DETAIL[CURRENT]=$2
}

ok() { finish_step ok "$1"; echo "ok  $1"; }

fail() { # fail REASON [LOG...]: the step's reason and where to look
  finish_step FAILED "$1"
  echo "FAILED"
  echo "        $1"
  shift
  for f in "$@"; do [ -e "$f" ] && echo "        see $f"; done
  return 1
}

# --- processes -------------------------------------------------------------------------------------------
declare -A PID=()      # run name -> pid (= its process group: each role runs in a group of its own)
ORDER=()               # run names in start order, for stopping

start() { # start NAME ROLE ARGS...: run scripts/ROLE.sh in the background, logs in logs/NAME.{out,err}
  local name=$1 role=$2
  shift 2
  : > "$LOGS/$name.out"; : > "$LOGS/$name.err"   # there to read before the process gets to open them
  set -m   # a process group per role, so stopping it stops everything it runs
  "$ROOT/scripts/$role.sh" "$@" >"$LOGS/$name.out" 2>"$LOGS/$name.err" </dev/null &
  PID[$name]=$!
  set +m
  ORDER+=("$name")
}

alive() { kill -0 "${PID[$1]}" 2>/dev/null; }

finish() { # finish NAME [SECONDS]: wait for a run to end (TERM, then KILL, after SECONDS); returns its exit code
  local name=$1 limit=$(( ${2:-120} * 10 )) n=0
  while alive "$name" && [ $n -lt "$limit" ]; do sleep 0.1; n=$((n + 1)); done
  alive "$name" && stop "$name"
  wait "${PID[$name]}" 2>/dev/null
}

run() { # run NAME ROLE ARGS...: start and wait; returns the exit code
  start "$@"
  finish "$1"
}

stop() { # stop NAME...: TERM each process group, KILL it after 5 s
  local name pid n
  for name in "$@"; do
    pid=${PID[$name]:-}
    [ -n "$pid" ] && kill -0 -- "-$pid" 2>/dev/null && kill -TERM -- "-$pid" 2>/dev/null
  done
  for name in "$@"; do
    pid=${PID[$name]:-}
    [ -n "$pid" ] || continue
    n=0
    while kill -0 -- "-$pid" 2>/dev/null && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
    kill -0 -- "-$pid" 2>/dev/null && kill -KILL -- "-$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  return 0
}

await_line() { # await_line NAME REGEX [SECONDS]: until the run's stdout has a matching line; fails if it exits first
  local name=$1 regex=$2 limit=$(( ${3:-$READY_TIMEOUT} * 10 )) n=0
  until grep -qE -- "$regex" "$LOGS/$name.out" 2>/dev/null; do
    alive "$name" || { grep -qE -- "$regex" "$LOGS/$name.out"; return; }
    [ $n -ge "$limit" ] && return 1
    sleep 0.1; n=$((n + 1))
  done
}

last_error() { # the role's own one-line error, if it printed one
  grep -hE '(error|hint): ' "$LOGS/$1.err" 2>/dev/null | head -2 | tr '\n' ' ' | sed 's/ $//'
}

free_port() { # a loopback port nobody listens on now, below the kernel's ephemeral range
  local p taken
  while :; do
    p=$((20000 + (RANDOM * 32768 + RANDOM) % 12000))
    taken=0
    for q in "${PORTS[@]}"; do [ "$q" = "$p" ] && taken=1; done
    [ $taken = 1 ] && continue
    # A refused connection means nothing listens there.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then PORTS+=("$p"); echo "$p"; return; fi
  done
}
PORTS=()

start_server() { # start_server NAME ROLE READY-REGEX ARGS...(with @PORT@): retries on a port lost to a race
  local name=$1 role=$2 ready=$3 attempt port
  shift 3
  for attempt in 1 2 3; do
    port=$(free_port)
    start "$name" "$role" "${@//@PORT@/$port}"
    if await_line "$name" "$ready"; then SERVER_PORT=$port; return 0; fi
    alive "$name" && return 1
    grep -qi 'in use' "$LOGS/$name.err" || return 1
  done
  return 1
}

# --- stopping on every way out -----------------------------------------------------------------------------
SAMPLER=""
summary() {
  local i total=$(( ($(now_ms) - START_MS) / 1000 )) failed=0
  echo
  echo "summary"
  printf '  %-3s %-48s %-11s %6s  %s\n' "#" "step" "result" "time" ""
  for i in "${!STEPS[@]}"; do
    local detail=${DETAIL[i]}
    [ ${#detail} -gt 90 ] && detail="${detail:0:89}…"   # the step's own line above has it in full
    printf '  %-3s %-48s %-11s %6s  %s\n' "$((i + 1))" "${STEPS[i]}" "${RESULT[i]}" \
      "${SECONDS_TAKEN[i]:+${SECONDS_TAKEN[i]}s}" "$detail"
    [ "${RESULT[i]}" = ok ] || failed=$((failed + 1))
  done
  if [ $INTERRUPTED = 1 ]; then
    echo "interrupted during step $((CURRENT + 1)) after ${total}s; logs are in $LOGS"
  elif [ $failed = 0 ]; then
    echo "all ${#STEPS[@]} steps ok in ${total}s; everything is in $DIR"
  else
    echo "$failed of ${#STEPS[@]} steps did not pass (${total}s); logs are in $LOGS"
  fi
}

on_exit() {
  local code=$?
  trap - EXIT INT TERM
  trap '' HUP PIPE   # a closed terminal or pipe must not cut the clean-up short
  [ -n "$SAMPLER" ] && kill -TERM -- "-$SAMPLER" 2>/dev/null && wait "$SAMPLER" 2>/dev/null
  local running=()
  for name in "${ORDER[@]}"; do kill -0 -- "-${PID[$name]}" 2>/dev/null && running+=("$name"); done
  [ ${#running[@]} -gt 0 ] && echo "stopping what the demo started and still runs: ${running[*]}"
  stop "${ORDER[@]}"
  if [ $INTERRUPTED = 1 ] && [ $CURRENT -ge 0 ] && [ -z "${SECONDS_TAKEN[CURRENT]}" ]; then
    finish_step interrupted ""
  fi
  summary
  if [ -n "$TMUX_SESSION" ]; then
    echo "$code" > "$DIR/demo.rc"
    read -r -p "press Enter to close this tmux session (the logs stay in $LOGS) " _
    tmux kill-session -t "$TMUX_SESSION"
  fi
  exit "$code"
}
INTERRUPTED=0
on_signal() { trap '' HUP PIPE; INTERRUPTED=1; echo; exit "$1"; }
trap on_exit EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP    # the terminal went away: the roles, in groups of their own, would not hear it
trap 'on_signal 141' PIPE   # whoever read our output stopped reading

# ---------------------------------------------------------------------------------------------------------
# Act 1: identities.

ID_ARGS=() # identity NAME: the options every role takes for its identity
identity() { ID_ARGS=(--identity "$PKI/$1.p12" --password-file "$PW" --trust "$PKI/ca.pem"); }

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

make_inputs() {
  ( umask 077
    random_hex 16 > "$PW"
    random_hex 16 > "$CA_PW"
    # The phrase and the file the dealer protects; their content is what the leak check looks for.
    local words=(amber lantern quiet harbour violet falcon copper meadow orbit willow cinder tundra)
    printf '%s %s %s %s %s\n' "${words[RANDOM % 12]}" "${words[RANDOM % 12]}" "${words[RANDOM % 12]}" \
      "${words[RANDOM % 12]}" "$(random_hex 4)" > "$CLEAR/phrase.txt"
    { echo "dkg demo sample $(random_hex 12): this line and everything below must never leave this file in the clear"
      od -An -v -tx1 -N120000 /dev/urandom | tr -d ' '
    } > "$CLEAR/sample.txt"
  )
}

act_identities() {
  step 1
  make_inputs
  run pki-init-ca pki init-ca --dir "$PKI" --password-file "$CA_PW" --rsa-bits "$RSA_BITS" \
    || { fail "pki init-ca exited $?: $(last_error pki-init-ca)" "$LOGS/pki-init-ca.err"; return 1; }
  # One pki run per role (--name a,b,c), the roles in parallel: fewer JVM starts, the same 14 identities.
  local issued=(keygen-server:keygen keygen-client:alice,bob,carol otp-distributor:distributor
                otp-requester:dora,mallory dealer:dealer share-holder:holder1,holder2,holder3,holder4,holder5,holder6)
  local count=0 group
  for group in "${issued[@]}"; do
    start "pki-issue-${group%%:*}" pki issue --dir "$PKI" --name "${group#*:}" --role "${group%%:*}" \
      --password-file "$PW" --ca-password-file "$CA_PW" --rsa-bits "$RSA_BITS"
    count=$((count + $(tr ',' '\n' <<<"${group#*:}" | wc -l)))
  done
  for group in "${issued[@]}"; do
    finish "pki-issue-${group%%:*}" || { fail "pki issue ${group%%:*} exited $?: $(last_error "pki-issue-${group%%:*}")" \
      "$LOGS/pki-issue-${group%%:*}.err"; return 1; }
  done
  # An empty revocation list every server follows (--crl): act 2 revokes a requester in it.
  run pki-crl pki revoke --dir "$PKI" --ca-password-file "$CA_PW" \
    || { fail "pki revoke (empty list) exited $?: $(last_error pki-crl)" "$LOGS/pki-crl.err"; return 1; }
  ok "pki/ca.pem + $count identities + empty pki/ca.crl; default size stays 3072"
}

# ---------------------------------------------------------------------------------------------------------
# Act 2: a key-generation round and one-time passwords from its key.

KEYGEN_DATA="$DATA/keygen-server"
KEY_ID=""

act_keygen() {
  step 2
  identity keygen
  start_server keygen-server keygen-server '^ready: listening on ' "${ID_ARGS[@]}" --listen "127.0.0.1:@PORT@" \
      --data-dir "$KEYGEN_DATA" --participants 3 --rounds 1 --recipient "$PKI/distributor.pem" \
    || { fail "no ready line: $(last_error keygen-server)" "$LOGS/keygen-server.err"; return 1; }
  local port=$SERVER_PORT
  ok "127.0.0.1:$port, 3 participants, sealed also to distributor.pem"

  step 3
  for c in alice bob carol; do
    identity "$c"
    start "keygen-client-$c" keygen-client "${ID_ARGS[@]}" --server "127.0.0.1:$port" --data-dir "$DATA/keygen-client/$c"
  done
  for c in alice bob carol; do
    finish "keygen-client-$c" 90 || { fail "keygen-client $c exited $?: $(last_error "keygen-client-$c")" \
      "$LOGS/keygen-client-$c.err" "$LOGS/keygen-server.err"; return 1; }
  done
  receipt_field() { sed -n "s/^$2: //p" "$LOGS/keygen-client-$1.out" | head -1; }
  KEY_ID=$(receipt_field alice key-id)
  local f c
  for f in key-id transcript-hash check-value participants; do
    for c in bob carol; do
      [ "$(receipt_field "$c" "$f")" = "$(receipt_field alice "$f")" ] \
        || { fail "$c's receipt has another $f than alice's" "$LOGS/keygen-client-$c.out"; return 1; }
    done
  done
  [[ $KEY_ID =~ ^[0-9a-f]{32}$ ]] || { fail "no key id in alice's receipt" "$LOGS/keygen-client-alice.out"; return 1; }
  finish keygen-server 30 || { fail "keygen-server did not stop cleanly after --rounds 1 (exit $?)" "$LOGS/keygen-server.err"; return 1; }
  ok "key ${KEY_ID:0:8}…, 3 identical signed receipts"

  step 4
  identity keygen
  run keygen-server-list keygen-server list "${ID_ARGS[@]}" --data-dir "$KEYGEN_DATA" \
    || { fail "keygen-server list exited $?: $(last_error keygen-server-list)" "$LOGS/keygen-server-list.err"; return 1; }
  local listed
  listed=$(grep -c . "$LOGS/keygen-server-list.out")
  grep -qE "^$KEY_ID .* alice,bob,carol$" "$LOGS/keygen-server-list.out" && [ "$listed" = 1 ] \
    || { fail "list does not show exactly key $KEY_ID for alice,bob,carol" "$LOGS/keygen-server-list.out"; return 1; }
  ok "key_store holds 1 key: ${KEY_ID:0:8}… alice,bob,carol"
}

act_otp() {
  step 5
  printf '# requester key operations\ndora %s get,verify\n' "$KEY_ID" > "$DIR/acl.conf"
  identity distributor
  start_server otp-distributor otp-distributor '^ready: ' "${ID_ARGS[@]}" --listen "127.0.0.1:@PORT@" \
      --key-store "$KEYGEN_DATA/key_store" --acl "$DIR/acl.conf" --data-dir "$DATA/otp-distributor" \
      --crl "$PKI/ca.crl" \
    || { fail "no ready line: $(last_error otp-distributor)" "$LOGS/otp-distributor.err"; return 1; }
  local port=$SERVER_PORT
  grep -q '^ready: .*, 1 key, ' "$LOGS/otp-distributor.out" \
    || { fail "the distributor does not serve the new key: $(head -1 "$LOGS/otp-distributor.out")" "$LOGS/otp-distributor.err"; return 1; }
  ok "127.0.0.1:$port, serves key ${KEY_ID:0:8}…; ACL: only dora may get, verify"

  requester() { identity "$1"; ID_ARGS+=(--server "127.0.0.1:$port"); }
  step 6
  requester dora
  run otp-requester-dora-get otp-requester "${ID_ARGS[@]}" get "$KEY_ID" \
    || { fail "get exited $?: $(last_error otp-requester-dora-get)" "$LOGS/otp-requester-dora-get.err" "$LOGS/otp-distributor.err"; return 1; }
  local code valid
  read -r code _ valid < "$LOGS/otp-requester-dora-get.out"
  [[ $code =~ ^[0-9]{6,8}$ ]] || { fail "get printed no code" "$LOGS/otp-requester-dora-get.out"; return 1; }
  ok "a ${#code}-digit TOTP code, valid $valid more (not shown: codes are secrets)"

  step 7
  run otp-requester-dora-verify otp-requester "${ID_ARGS[@]}" verify "$KEY_ID" "$code"
  local rc=$?
  [ $rc = 0 ] && [ "$(cat "$LOGS/otp-requester-dora-verify.out")" = accepted ] \
    || { fail "verify exited $rc, printed '$(head -c 80 "$LOGS/otp-requester-dora-verify.out")'" \
           "$LOGS/otp-requester-dora-verify.err" "$LOGS/otp-distributor.err"; return 1; }
  ok "accepted"

  step 8
  run otp-requester-dora-replay otp-requester "${ID_ARGS[@]}" verify "$KEY_ID" "$code"
  rc=$?
  [ $rc = 3 ] && [ "$(cat "$LOGS/otp-requester-dora-replay.out")" = rejected ] \
    || { fail "a replayed code got exit $rc, expected 3 'rejected'" "$LOGS/otp-requester-dora-replay.err"; return 1; }
  ok "rejected, exit 3 (a used step never counts twice)"

  step 9
  requester mallory
  run otp-requester-mallory-get otp-requester "${ID_ARGS[@]}" get "$KEY_ID"
  rc=$?
  [ $rc = 3 ] && grep -q "not authorised" "$LOGS/otp-requester-mallory-get.err" \
    || { fail "mallory got exit $rc, expected 3 and 'not authorised'" "$LOGS/otp-requester-mallory-get.err"; return 1; }
  local refusal
  refusal=$(grep -m1 -o 'not authorised.*' "$LOGS/otp-requester-mallory-get.err")
  # dora is in the ACL; revoking her certificate shuts her out without touching the ACL or a restart.
  run pki-revoke-dora pki revoke --dir "$PKI" dora --reason key-compromise --ca-password-file "$CA_PW" \
    || { fail "pki revoke dora exited $?: $(last_error pki-revoke-dora)" "$LOGS/pki-revoke-dora.err"; return 1; }
  local waited=0
  until grep -q 'CRL .* reloaded: 1 revoked' "$LOGS/otp-distributor.err" || [ $waited -ge 50 ]; do
    sleep 0.1; waited=$((waited + 1))
  done
  requester dora
  run otp-requester-dora-revoked otp-requester "${ID_ARGS[@]}" get "$KEY_ID"
  rc=$?
  [ $rc = 3 ] && grep -q "did not accept this identity's certificate" "$LOGS/otp-requester-dora-revoked.err" \
    || { fail "revoked dora got exit $rc, expected 3 and a refused handshake" "$LOGS/otp-requester-dora-revoked.err" \
           "$LOGS/otp-distributor.err"; return 1; }
  ok "exit 3: $refusal; revoked dora: refused at the handshake"
  stop otp-distributor
}

# ---------------------------------------------------------------------------------------------------------
# Act 3: verifiable sharing with long-running holders and one dealer command at a time.

VAULT=""
DEALER_PORT=""

dealer() { # dealer NAME COMMAND ARGS...: one dealer command to completion
  local name=$1
  shift
  identity dealer
  run "dealer-$name" dealer "${ID_ARGS[@]}" --listen "127.0.0.1:$DEALER_PORT" --data-dir "$DATA/dealer" "$@" --wait "$WAIT"
}

holder() { # holder N: a long-running holder that reconnects to the dealer between commands
  identity "holder$1"
  start "share-holder-holder$1" share-holder "${ID_ARGS[@]}" --dealer "127.0.0.1:$DEALER_PORT" --dealer-name dealer \
    --dir "$DATA/share-holder/holder$1" --auto-approve
}

share_count() { local n=0 f; for f in "$DATA/share-holder/holder$1"/*.share; do [ -e "$f" ] && n=$((n + 1)); done; echo $n; }

await_shares() { # await_shares COUNT N...: holders act on the dealer's last message after it exits
  local want=$1 n=0 h
  shift
  for h in "$@"; do
    while [ "$(share_count "$h")" != "$want" ]; do
      [ $n -ge 150 ] && return 1
      sleep 0.1; n=$((n + 1))
    done
  done
}

act_sharing() {
  step 10
  DEALER_PORT=$(free_port)
  local h
  for h in 1 2 3 4 5; do holder $h; done
  for h in 1 2 3 4 5; do
    await_line "share-holder-holder$h" 'keeping shares in' \
      || { fail "holder$h did not start: $(last_error "share-holder-holder$h")" "$LOGS/share-holder-holder$h.err"; return 1; }
  done
  ok "holder1..holder5 waiting for the dealer on 127.0.0.1:$DEALER_PORT"

  step 11
  dealer split split --threshold 3 --holders holder1,holder2,holder3,holder4,holder5 \
      --secret-file "$CLEAR/phrase.txt" --file "$CLEAR/sample.txt" \
    || { fail "split exited $?: $(last_error dealer-split)" "$LOGS/dealer-split.err"; return 1; }
  VAULT=$(grep -E '^[0-9a-f]{32}$' "$LOGS/dealer-split.out" | head -1) # the result: the vault id alone
  [ -n "$VAULT" ] || { fail "split printed no vault id" "$LOGS/dealer-split.out"; return 1; }
  await_shares 1 1 2 3 4 5 || { fail "not every holder stored its share" "$LOGS"/share-holder-holder*.err; return 1; }
  ok "vault ${VAULT:0:8}…, one verified share per holder, dealer keeps no share"

  step 12
  dealer refresh refresh --vault "$VAULT" || { fail "refresh exited $?: $(last_error dealer-refresh)" "$LOGS/dealer-refresh.err"; return 1; }
  grep -q "refreshed vault $VAULT: every holder has a new share .* and has dropped its old one" "$LOGS/dealer-refresh.err" \
    || { fail "refresh did not report every holder's confirmation" "$LOGS/dealer-refresh.err"; return 1; }
  ok "all 5 holders replaced their shares and confirmed dropping the old ones"

  step 13
  holder 6
  await_line share-holder-holder6 'keeping shares in' \
    || { fail "holder6 did not start: $(last_error share-holder-holder6)" "$LOGS/share-holder-holder6.err"; return 1; }
  dealer reshare reshare --vault "$VAULT" --threshold 2 --holders holder1,holder2,holder6 \
    || { fail "reshare exited $?: $(last_error dealer-reshare)" "$LOGS/dealer-reshare.err"; return 1; }
  grep -q "now 2-of-3 holder1,holder2,holder6" "$LOGS/dealer-reshare.err" \
    || { fail "reshare did not report 2-of-3 holder1,holder2,holder6" "$LOGS/dealer-reshare.err"; return 1; }
  await_shares 1 1 2 6 && await_shares 0 3 4 5 \
    || { fail "holders did not end with the new shares (holder6) and drop the old ones (3, 4, 5)" "$LOGS"/share-holder-holder*.err; return 1; }
  ok "secret never rebuilt; holder3-5 dropped their old shares"

  step 14
  stop share-holder-holder1 share-holder-holder3 share-holder-holder4 share-holder-holder5
  dealer combine combine --vault "$VAULT" --out "$CLEAR/recovered.txt" \
    || { fail "combine exited $?: $(last_error dealer-combine)" "$LOGS/dealer-combine.err"; return 1; }
  # The dealer names the holders in the order their shares arrived.
  local used
  used=$(sed -n 's/^recovered vault .* from the shares of \(.*\); wrote .*/\1/p' "$LOGS/dealer-combine.err" \
    | tr -d ',' | tr ' ' '\n' | sort | tr '\n' ' ')
  [ "$used" = "holder2 holder6 " ] \
    || { fail "combine used the shares of '${used% }', expected holder2 and holder6" "$LOGS/dealer-combine.err"; return 1; }
  cmp -s "$CLEAR/sample.txt" "$CLEAR/recovered.txt" \
    || { fail "the recovered file differs from the original" "$CLEAR/recovered.txt"; return 1; }
  ok "clear/recovered.txt = clear/sample.txt, $(wc -c < "$CLEAR/sample.txt" | tr -d ' ') bytes, byte for byte"
  stop share-holder-holder2 share-holder-holder6
}

# ---------------------------------------------------------------------------------------------------------
# Act 4: a threshold key: alice, bob and carol each end with a share; no process ever holds the key.

THRESHOLD_DATA="$DATA/keygen-server-threshold"

act_threshold() {
  step 15
  identity keygen
  start_server keygen-threshold keygen-server '^ready: listening on ' "${ID_ARGS[@]}" --listen "127.0.0.1:@PORT@" \
      --data-dir "$THRESHOLD_DATA" --participants 3 --threshold 2 --scheme ed25519 --rounds 1 \
    || { fail "no ready line: $(last_error keygen-threshold)" "$LOGS/keygen-threshold.err"; return 1; }
  local port=$SERVER_PORT c
  for c in alice bob carol; do
    identity "$c"
    start "threshold-$c" keygen-client "${ID_ARGS[@]}" --server "127.0.0.1:$port" --data-dir "$DATA/keygen-client/$c"
  done
  for c in alice bob carol; do
    finish "threshold-$c" 120 || { fail "keygen-client $c exited $?: $(last_error "threshold-$c")" \
      "$LOGS/threshold-$c.err" "$LOGS/keygen-threshold.err"; return 1; }
  done
  finish keygen-threshold 30 || { fail "keygen-server did not stop after --rounds 1 (exit $?)" "$LOGS/keygen-threshold.err"; return 1; }
  field() { sed -n "s/^$2: //p" "$LOGS/threshold-$1.out" | head -1; }
  local key group
  key=$(field alice key-id) group=$(field alice group-key)
  for c in bob carol; do
    [ "$(field "$c" key-id)" = "$key" ] && [ "$(field "$c" group-key)" = "$group" ] \
      || { fail "$c's threshold receipt differs from alice's" "$LOGS/threshold-$c.out"; return 1; }
  done
  [ "$(field alice threshold)" = "2-of-3" ] || { fail "alice's receipt is not 2-of-3" "$LOGS/threshold-alice.out"; return 1; }
  identity keygen
  run threshold-export keygen-server export "${ID_ARGS[@]}" --data-dir "$THRESHOLD_DATA" --key "$key" --as public \
      --out "$DIR/threshold-public.pem" \
    || { fail "export --as public exited $?: $(last_error threshold-export)" "$LOGS/threshold-export.err"; return 1; }
  openssl pkey -pubin -in "$DIR/threshold-public.pem" -noout -text > "$LOGS/threshold-openssl.out" 2>&1 \
      && grep -q 'ED25519 Public-Key' "$LOGS/threshold-openssl.out" \
    || { fail "openssl does not load the group public key" "$LOGS/threshold-openssl.out"; return 1; }
  ok "key ${key:0:8}…, group key ${group%% *}, one share each; openssl: ED25519 Public-Key"
  THRESHOLD_KEY=$key
}

# ---------------------------------------------------------------------------------------------------------
# Act 4b: two of the three holders sign a file with that key; the keygen server only coordinates (FROST).

THRESHOLD_KEY=""

act_signing() {
  step 16
  [ -n "$THRESHOLD_KEY" ] || { fail "no threshold key from the step before"; return 1; }
  printf 'dora * sign\n' > "$DIR/signing.acl"
  printf 'release 1.0 of the demo, approved by two of three\n' > "$DIR/release.txt"
  local sport c
  sport=$(free_port)
  identity keygen
  # The same key store; no round will open (nobody joins), the server only coordinates signatures.
  start_server keygen-signing keygen-server '^signing: listening on ' "${ID_ARGS[@]}" --listen "127.0.0.1:@PORT@" \
      --data-dir "$THRESHOLD_DATA" --participants 3 --threshold 2 --scheme ed25519 \
      --signing-acl "$DIR/signing.acl" --signing-listen "127.0.0.1:$sport" \
    || { fail "no signing line: $(last_error keygen-signing)" "$LOGS/keygen-signing.err"; return 1; }
  for c in alice carol; do
    identity "$c"
    start "sign-$c" keygen-client "${ID_ARGS[@]}" sign --server "127.0.0.1:$sport" --key "$THRESHOLD_KEY" \
        --auto-approve --data-dir "$DATA/keygen-client/$c"
    await_line "sign-$c" '^ready to sign' || { fail "$c is not ready to sign: $(last_error "sign-$c")" \
        "$LOGS/sign-$c.err"; return 1; }
  done
  identity dora
  run sign-request keygen-server sign "${ID_ARGS[@]}" --server "127.0.0.1:$sport" --key "$THRESHOLD_KEY" \
      --message "$DIR/release.txt" --out "$DIR/release.sig" --signers alice,carol --wait 30s \
    || { fail "keygen-server sign exited $?: $(last_error sign-request)" "$LOGS/sign-request.err" \
        "$LOGS/keygen-signing.out"; return 1; }
  for c in alice carol; do
    finish "sign-$c" 60 || { fail "$c's signer exited $?: $(last_error "sign-$c")" "$LOGS/sign-$c.err"; return 1; }
  done
  finish keygen-signing 1 || true
  openssl pkeyutl -verify -pubin -inkey "$DIR/threshold-public.pem" -rawin -in "$DIR/release.txt" \
      -sigfile "$DIR/release.sig" > "$LOGS/signing-openssl.out" 2>&1 \
      && grep -q 'Signature Verified Successfully' "$LOGS/signing-openssl.out" \
    || { fail "openssl does not verify the threshold signature" "$LOGS/signing-openssl.out"; return 1; }
  ok "release.sig ($(wc -c < "$DIR/release.sig") bytes) by alice + carol for dora; openssl: Signature Verified Successfully"
}

# ---------------------------------------------------------------------------------------------------------
# Act 5: secrets at rest, in logs and on command lines.

act_leak_check() {
  step 17
  stop_sampler
  local patterns="$CLEAR/leak-patterns.txt" hex_patterns="$CLEAR/leak-patterns-hex.txt" otp=""
  # The OTP secret the distributor derives from the new key, exported into clear/ (outside the scanned set).
  if [ -n "$KEY_ID" ]; then
    identity keygen
    run keygen-server-export keygen-server export "${ID_ARGS[@]}" --data-dir "$KEYGEN_DATA" --key "$KEY_ID" \
        --as otp --out "$CLEAR/otp-export.txt" \
      || { fail "export exited $?: $(last_error keygen-server-export)" "$LOGS/keygen-server-export.err"; return 1; }
    otp=$(sed -n 's/^secret: //p' "$CLEAR/otp-export.txt")
    [ -n "$otp" ] || { fail "the export has no 'secret:' line" "$LOGS/keygen-server-export.out"; return 1; }
  fi
  # Patterns go to files, never onto a command line: grep -f keeps them out of ps.
  ( umask 077
    head -n 1 "$PW"
    head -n 1 "$CA_PW"
    head -n 1 "$CLEAR/phrase.txt"
    head -n 1 "$CLEAR/sample.txt"
    sed -n '1000p' "$CLEAR/sample.txt"
    [ -n "$otp" ] && echo "$otp"
    printf '%s\n' '-----BEGIN PRIVATE KEY-----' '-----BEGIN RSA PRIVATE KEY-----' \
      '-----BEGIN EC PRIVATE KEY-----' '-----BEGIN ENCRYPTED PRIVATE KEY-----'
  ) > "$patterns"
  ( umask 077; [ -n "$otp" ] && printf '%s' "$otp" | base32 -d | od -An -v -tx1 | tr -d ' \n'; echo ) > "$hex_patterns"
  local scanned hits
  scanned=$(find "$DIR" -type f ! -path "$CLEAR/*" ! -path "$PKI/*" | wc -l | tr -d ' ')
  hits=$( { grep -rlaF -f "$patterns" --exclude-dir=clear --exclude-dir=pki "$DIR"
            grep -rlaiF -f "$hex_patterns" --exclude-dir=clear --exclude-dir=pki "$DIR"
            # The CA directory holds encrypted PKCS#12 files and certificates: no key in the clear there either.
            grep -rlaF -e 'PRIVATE KEY-----' "$PKI"; } | sort -u)
  if [ -n "$hits" ]; then
    fail "a secret in the clear in: $(echo "$hits" | tr '\n' ' ')"
    return 1
  fi
  local samples
  samples=$(grep -c '^--- ps sample' "$LOGS/ps-args.txt" 2>/dev/null || echo 0)
  [ "$samples" -gt 0 ] || { fail "no ps sample was taken" "$LOGS/ps-args.txt"; return 1; }
  ok "$scanned files + $samples ps samples clean: password, phrase, sample, OTP secret, private keys"
}

# ps samples while the roles run, to show that no password or secret is ever on a command line.
start_sampler() {
  set -m
  ( trap 'exit 0' TERM
    while :; do
      echo "--- ps sample $(date +%T)"
      ps -eo args
      sleep 0.5
    done >> "$LOGS/ps-args.txt" ) </dev/null 2>/dev/null &
  SAMPLER=$!
  set +m
}
stop_sampler() { [ -n "$SAMPLER" ] && kill -TERM -- "-$SAMPLER" 2>/dev/null; wait "$SAMPLER" 2>/dev/null; SAMPLER=""; }

# ---------------------------------------------------------------------------------------------------------

echo "demo directory: $DIR (everything the demo makes is in there; nothing else is touched)"
echo "identities use RSA $RSA_BITS to keep the demo quick; the suite's default is 3072"
start_sampler
if act_identities; then
  act_keygen && act_otp
  act_sharing
  act_threshold && act_signing
fi
act_leak_check
for r in "${RESULT[@]}"; do [ "$r" = ok ] || exit 1; done
exit 0
