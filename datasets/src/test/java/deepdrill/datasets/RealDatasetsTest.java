package deepdrill.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.YearMonth;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The shipped data sets load, pass their checksums and hold what their Javadoc says. */
class RealDatasetsTest {

    @Test
    void irisHasFiftyOfEachSpeciesInPublishedOrder() {
        Iris iris = Iris.load();
        assertEquals(150, iris.features().length);
        int[] counts = new int[3];
        for (int i = 0; i < 150; i++) {
            counts[iris.labels()[i]]++;
            assertEquals(i / 50, iris.labels()[i]);
        }
        assertArrayEquals(new int[] {50, 50, 50}, counts);
        // Fisher's first flower, as every textbook prints it.
        assertArrayEquals(new double[] {5.1, 3.5, 1.4, 0.2}, iris.features()[0]);
    }

    @Test
    void autoMpgHas392CompleteRows() {
        AutoMpg cars = AutoMpg.load();
        assertEquals(392, cars.mpg().length);
        assertEquals(392, cars.names().size());
        assertEquals("chevrolet chevelle malibu", cars.names().get(0));
        for (double[] row : cars.features()) {
            assertEquals(AutoMpg.FEATURE_NAMES.size(), row.length);
            assertTrue(row[6] >= 1 && row[6] <= 3, "origin code");
            assertTrue(row[5] >= 70 && row[5] <= 82, "model year");
        }
        assertTrue(Arrays.stream(cars.mpg()).allMatch(v -> v > 5 && v < 50));
    }

    @Test
    void co2IsFiftyFiveWholeYearsAndRises() {
        Co2MaunaLoa co2 = Co2MaunaLoa.load();
        assertEquals(YearMonth.of(1965, 1), co2.start());
        assertEquals(55 * Co2MaunaLoa.PERIOD, co2.ppm().length);
        assertTrue(co2.ppm()[0] > 315 && co2.ppm()[0] < 325);
        assertTrue(co2.ppm()[co2.ppm().length - 1] > 405);
    }

    @Test
    void mnistSplitsInto8000And2000BalancedDigits() {
        MnistDigits train = MnistDigits.train();
        MnistDigits test = MnistDigits.test();
        assertEquals(8000, train.size());
        assertEquals(2000, test.size());
        int[] counts = new int[10];
        for (int label : test.labels()) {
            counts[label]++;
        }
        for (int c : counts) {
            assertTrue(c > 130 && c < 270, "each digit appears in the test split: " + Arrays.toString(counts));
        }
        // Digits have ink in the middle and blank corners.
        long inkInCentre = 0;
        for (int i = 0; i < train.size(); i++) {
            assertEquals(0, train.pixel(i, 0));
            inkInCentre += train.pixel(i, 14 * 28 + 14) > 0 ? 1 : 0;
        }
        assertTrue(inkInCentre > train.size() / 3);
    }
}
