package dev.dkg.holder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;

/** Asks this holder's user whether to give the dealer what it asks for; anything but yes is no. */
@FunctionalInterface
interface Approval {
    boolean approve(String question);

    /** {@code --auto-approve}: for scripts and tests. */
    static Approval always() {
        return question -> true;
    }

    /** Prints the question with "[y/N]" and reads one line; end of input or anything but y/yes is no. */
    static Approval askOn(BufferedReader in, PrintWriter out) {
        return question -> {
            synchronized (in) {
                out.print(question + " [y/N] ");
                out.flush();
                try {
                    String line = in.readLine();
                    return line != null && (line.strip().equalsIgnoreCase("y") || line.strip().equalsIgnoreCase("yes"));
                } catch (IOException e) {
                    return false;
                }
            }
        };
    }
}
