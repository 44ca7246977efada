package deepdrill.grader;

import deepdrill.grader.cli.GraderCommand;

/** The {@code grader} command line; everything is in {@link GraderCommand}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(GraderCommand.commandLine().execute(args));
    }
}
