package deepdrill.grader.oracle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Which build of libtorch this grader has: the CPU flavour or the CUDA flavour, told by the
 * native jars on the grader's class path ({@code ./grader setup --cpu} or {@code --gpu}; README,
 * "Running on a GPU"), each of which carries a {@code native/lib/pytorch.properties} naming its
 * flavour; or a libtorch of the user's own named by {@code PYTORCH_LIBRARY_PATH}.
 */
public enum TorchBuild {
    /** {@code pytorch-native-cpu}: runs everywhere, no GPU. */
    CPU("pytorch-native-cpu"),
    /** {@code pytorch-native-cu124}: CUDA 12.4 with cuDNN 9; needs only the NVIDIA driver, and runs on the CPU too. */
    CUDA("pytorch-native-cu124"),
    /** A libtorch outside the build, named by {@code PYTORCH_LIBRARY_PATH}. */
    EXTERNAL("PYTORCH_LIBRARY_PATH");

    private final String artifact;

    TorchBuild(String artifact) {
        this.artifact = artifact;
    }

    /** The Maven artifact of the natives, or the environment variable that names them. */
    public String artifact() {
        return artifact;
    }

    /** The build on this grader's class path (a check JVM loads the grader in a loader of its own). */
    public static TorchBuild current() {
        List<String> flavours = new ArrayList<>();
        try {
            Enumeration<URL> found = TorchBuild.class.getClassLoader().getResources("native/lib/pytorch.properties");
            while (found.hasMoreElements()) {
                Properties properties = new Properties();
                try (InputStream in = found.nextElement().openStream()) {
                    properties.load(in);
                }
                flavours.add(properties.getProperty("flavor", ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the libtorch jars' properties", e);
        }
        return of(flavours, Optional.ofNullable(System.getenv("PYTORCH_LIBRARY_PATH")));
    }

    /** The build that the bundled flavours and the {@code PYTORCH_LIBRARY_PATH} variable select. */
    static TorchBuild of(List<String> bundledFlavours, Optional<String> libraryPath) {
        if (libraryPath.filter(p -> !p.isBlank()).isPresent()) {
            return EXTERNAL;
        }
        return bundledFlavours.stream().anyMatch(f -> f.startsWith("cu")) ? CUDA : CPU;
    }
}
