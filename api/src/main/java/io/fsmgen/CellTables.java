package io.fsmgen;

/**
 * Decodes the cell tables of generated machines ({@link Dispatch#TABLE}) at class initialisation. A large table is
 * written into the generated source as string constants, one {@code char} per cell, because an array initializer
 * costs about seven bytes of bytecode per element and would pass the JVM's 64 KB limit for a method; the string
 * constants are split so that each stays under the class file's 64 KB limit for one constant.
 *
 * <p>Public only because generated code in other packages uses it; not meant for direct use.
 */
public final class CellTables {

    private CellTables() {}

    /** The concatenation of {@code parts} as one array. */
    public static char[] chars(String... parts) {
        int length = 0;
        for (String part : parts) {
            length += part.length();
        }
        char[] cells = new char[length];
        int at = 0;
        for (String part : parts) {
            part.getChars(0, part.length(), cells, at);
            at += part.length();
        }
        return cells;
    }
}
