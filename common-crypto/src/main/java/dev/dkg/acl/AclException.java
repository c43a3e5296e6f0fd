package dev.dkg.acl;

/** An ACL file that cannot be used: which line, and what is wrong with it. Stops start-up. */
public final class AclException extends Exception {
    private final String source;
    private final int lineNumber;
    private final String problem;

    public AclException(String source, int lineNumber, String problem) {
        super(source + " line " + lineNumber + ": " + problem);
        this.source = source;
        this.lineNumber = lineNumber;
        this.problem = problem;
    }

    /** The file (or other source) the rules came from. */
    public String source() {
        return source;
    }

    /** 1-based line number of the offending line. */
    public int lineNumber() {
        return lineNumber;
    }

    /** What is wrong with the line, without the location. */
    public String problem() {
        return problem;
    }
}
