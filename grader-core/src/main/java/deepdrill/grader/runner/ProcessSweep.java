package deepdrill.grader.runner;

import deepdrill.grader.protocol.ChildProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the processes that learner code started, wherever they went: a process that forks twice
 * or calls {@code setsid} stops being a descendant of the check JVM, but it still carries the JVM's
 * mark in its environment ({@link ChildProperties#PROCESS_MARK}). On Linux the environments of a
 * user's processes are readable in {@code /proc}; elsewhere only descendants are found.
 *
 * <p>What this cannot find: a process that cleared its environment ({@code env -i}) and detached.
 * The README's "Grading a class" section says how a classroom closes that gap (a container whose
 * processes all end with it).
 */
final class ProcessSweep {

    private static final Path PROC = Path.of("/proc");

    private ProcessSweep() {
    }

    /** The live processes, other than this one, whose environment carries {@code mark}. */
    static List<ProcessHandle> marked(String mark) {
        List<ProcessHandle> found = new ArrayList<>();
        if (!Files.isDirectory(PROC)) {
            return found;
        }
        byte[] wanted = (ChildProperties.PROCESS_MARK + "=" + mark).getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        try (Stream<Path> entries = Files.list(PROC)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
                    continue;
                }
                if (carries(entry.resolve("environ"), wanted)) {
                    ProcessHandle.of(Long.parseLong(name)).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            // /proc went away or is not listable: nothing more can be found.
        }
        return found;
    }

    /**
     * Kills every marked process, parents before their children (a shell killed after its child
     * would run the next command of its script: {@code (sleep 2; touch file) &}); returns their
     * command lines, for the report.
     */
    static List<String> killMarked(String mark) {
        List<String> killed = new ArrayList<>();
        // Several rounds: a process caught forking between the scan and the kill leaves a marked child.
        for (int round = 0; round < 3; round++) {
            List<ProcessHandle> marked = marked(mark);
            if (marked.isEmpty()) {
                break;
            }
            java.util.Set<Long> pids = new java.util.HashSet<>();
            marked.forEach(p -> pids.add(p.pid()));
            java.util.Map<Long, Integer> depths = new java.util.HashMap<>();
            marked.forEach(p -> depths.put(p.pid(), depth(p, pids)));
            List<ProcessHandle> order = new ArrayList<>(marked);
            order.sort(java.util.Comparator.comparingInt(p -> depths.get(p.pid())));
            for (ProcessHandle p : order) {
                killed.add(describe(p));
                p.destroyForcibly();
            }
        }
        return killed;
    }

    /** How many marked ancestors a process has: 0 for the top of a tree of marked processes. */
    private static int depth(ProcessHandle p, java.util.Set<Long> marked) {
        int depth = 0;
        Optional<ProcessHandle> parent = p.parent();
        while (parent.isPresent() && marked.contains(parent.get().pid()) && depth < 64) {
            depth++;
            parent = parent.get().parent();
        }
        return depth;
    }

    static String describe(ProcessHandle p) {
        Optional<String> command = p.info().commandLine().or(() -> p.info().command());
        return command.map(c -> c.length() > 80 ? c.substring(0, 77) + "..." : c).orElse("pid " + p.pid());
    }

    private static boolean carries(Path environ, byte[] wanted) {
        byte[] env;
        try {
            env = Files.readAllBytes(environ);
        } catch (IOException | SecurityException e) {
            return false; // another user's process, or one that just ended
        }
        // The environment is NUL-separated NAME=value entries.
        int start = 0;
        for (int i = 0; i <= env.length; i++) {
            if (i == env.length || env[i] == 0) {
                if (i - start == wanted.length && java.util.Arrays.equals(env, start, i, wanted, 0, wanted.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }
}
