package dev.dkg.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates files and directories that hold secrets. Guarantees: a secret file is always a new file (an existing
 * one is never overwritten: {@link FileAlreadyExistsException}); it is readable and writable by its owner only
 * from the moment it exists (permissions are set in the same system call that creates it, not after); its content
 * and directory entry are flushed to disk before {@code writeNew} returns; a failed write leaves no partial file.
 */
public final class SecretFiles {
    private static final Logger log = LoggerFactory.getLogger(SecretFiles.class);

    /** rw------- */
    public static final Set<PosixFilePermission> OWNER_READ_WRITE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    /** rwx------ */
    public static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    /** Streams a secret's bytes into the new file, so no extra copy of the secret need exist in memory. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private SecretFiles() {}

    /** Creates {@code file} new, owner-only, holding {@code content}; fails if it exists. */
    public static void writeNew(Path file, byte[] content) throws IOException {
        writeNew(file, out -> out.write(content));
    }

    /** Creates {@code file} new, owner-only, with what {@code content} writes; fails if it exists. */
    public static void writeNew(Path file, Content content) throws IOException {
        Path absolute = file.toAbsolutePath();
        FileAttribute<?> ownerOnly = ownerOnlyAttribute(absolute, false);
        boolean complete = false;
        try (FileChannel channel = FileChannel.open(absolute,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly)) {
            try {
                // Not closed separately: closing the stream would close the channel before force().
                OutputStream out = Channels.newOutputStream(channel);
                content.writeTo(out);
                out.flush();
                channel.force(true);
                complete = true;
            } finally {
                if (!complete) {
                    // Our own half-written file: remove it, a truncated secret is worse than none.
                    Files.deleteIfExists(absolute);
                }
            }
        }
        if (isPosix(absolute)) {
            // The creation mode is already at most rw-------; a restrictive umask may have removed more.
            Files.setPosixFilePermissions(absolute, OWNER_READ_WRITE);
        }
        syncDirectory(absolute.getParent());
        log.debug("wrote secret file {}", absolute);
    }

    /** Creates {@code dir} and any missing parents with rwx------; existing directories are left as they are. */
    public static Path createPrivateDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return absolute;
        }
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return Files.createDirectories(absolute, ownerOnlyAttribute(existing == null ? absolute.getRoot() : existing, true));
    }

    /** True if the file system holding {@code path} supports POSIX permissions. */
    public static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?> ownerOnlyAttribute(Path near, boolean directory) throws IOException {
        FileSystem fs = near.getFileSystem();
        if (fs.supportedFileAttributeViews().contains("posix")) {
            return PosixFilePermissions.asFileAttribute(directory ? OWNER_ONLY_DIRECTORY : OWNER_READ_WRITE);
        }
        if (fs.supportedFileAttributeViews().contains("acl")) {
            UserPrincipal owner = fs.getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
            AclEntry entry = AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(owner)
                    .setPermissions(EnumSet.allOf(AclEntryPermission.class)).build();
            List<AclEntry> acl = List.of(entry);
            return new FileAttribute<List<AclEntry>>() {
                @Override
                public String name() {
                    return "acl:acl";
                }

                @Override
                public List<AclEntry> value() {
                    return acl;
                }
            };
        }
        // Refuse rather than leave a secret readable by others.
        throw new IOException("cannot restrict access to files on this file system: " + near);
    }

    private static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open a directory; the file content itself is already on disk.
            log.debug("could not sync directory {}: {}", dir, e.toString());
        }
    }
}
