package deepdrill.grader.runner;

/**
 * A task to run in the child: the exercise it belongs to, the check class and its test method.
 * On the child's command line it is written {@code exercise=checkClass#method}.
 */
public record TaskRef(String exercise, String checkClass, String method) {

    public String toArgument() {
        return exercise + "=" + checkClass + "#" + method;
    }

    public static TaskRef parse(String argument) {
        int eq = argument.indexOf('=');
        int hash = argument.lastIndexOf('#');
        if (eq <= 0 || hash <= eq) {
            throw new IllegalArgumentException("not a task reference: " + argument);
        }
        return new TaskRef(argument.substring(0, eq), argument.substring(eq + 1, hash), argument.substring(hash + 1));
    }
}
