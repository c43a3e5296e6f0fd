package dev.dkg.pki;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses a role label on the command line, so a bad role is a usage error (exit 2) naming the valid ones. */
public final class RoleConverter implements ITypeConverter<Role> {
    @Override
    public Role convert(String value) {
        try {
            return Role.fromLabel(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
