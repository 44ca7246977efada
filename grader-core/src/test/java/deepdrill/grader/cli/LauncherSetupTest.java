package deepdrill.grader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's {@code setup} answers usage errors and a damaged flavour file before it builds
 * anything: the script is copied alone into an empty folder, where a build could not even start.
 */
class LauncherSetupTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String output) {
    }

    private Run launcher(String... arguments) throws IOException, InterruptedException {
        Path script = dir.resolve("grader");
        if (!Files.exists(script)) {
            Files.copy(projectRoot().resolve("grader"), script);
        }
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(arguments));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    private static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        while (here != null && !Files.exists(here.resolve("grader"))) {
            here = here.getParent();
        }
        if (here == null) {
            throw new IllegalStateException("the launcher script was not found above " + Path.of("").toAbsolutePath());
        }
        return here;
    }

    @Test
    void withoutAnOptionItShowsTheCpuDefault() throws Exception {
        Run run = launcher("setup");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("PyTorch flavour: cpu"), run.output());
    }

    @Test
    void anUnknownOptionIsAUsageError() throws Exception {
        Run run = launcher("setup", "--tpu");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.output());
        assertTrue(run.output().contains("expected --cpu or --gpu, got: --tpu"), run.output());
        assertTrue(run.output().contains("Usage: ./grader setup"), run.output());
    }

    @Test
    void twoFlavoursAtOnceAreAUsageError() throws Exception {
        Run run = launcher("setup", "--cpu", "--gpu");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.output());
    }

    @Test
    void helpExplainsTheDownload() throws Exception {
        Run run = launcher("setup", "--help");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("2.4 GB") && run.output().contains("NVIDIA driver"), run.output());
    }

    @Test
    void aDamagedFlavourFileIsNamed() throws Exception {
        Files.createDirectories(dir.resolve(".deepdrill"));
        Files.writeString(dir.resolve(".deepdrill/flavour"), "tpu\n");
        Run run = launcher("list");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.output());
        assertTrue(run.output().contains("says 'tpu'; it must be cpu or gpu"), run.output());
    }
}
