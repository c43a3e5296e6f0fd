package dev.dkg.database;

import java.sql.SQLException;

/** The database's schema cannot be used by this build: newer than it knows, or a migration failed. */
public final class SchemaException extends SQLException {
    public SchemaException(String message) {
        super(message);
    }
}
