package deepdrill.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads a data file shipped in this module's jar and checks it against the SHA-256 recorded when
 * it was made ({@code datasets/tools/make_datasets.py}), so that a damaged or edited file is
 * reported as such instead of silently changing what a check expects.
 */
final class Resources {

    private Resources() {
    }

    /** The bytes of {@code deepdrill/datasets/<name>}, verified. */
    static byte[] bytes(String name, String sha256) {
        String path = "/deepdrill/datasets/" + name;
        byte[] data;
        try (InputStream in = Resources.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("data file " + path + " is missing from the datasets jar");
            }
            data = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data file " + path, e);
        }
        String actual = sha256(data);
        if (!actual.equals(sha256)) {
            throw new IllegalStateException("data file " + path + " is damaged or was changed: SHA-256 "
                    + actual + ", expected " + sha256);
        }
        return data;
    }

    /** The lines of a verified text file, without its header line. */
    static List<String> csvRows(String name, String sha256) {
        List<String> lines = new String(bytes(name, sha256), StandardCharsets.US_ASCII).lines().toList();
        return lines.subList(1, lines.size());
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
