package deepdrill.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepdrill.datasets.SyntheticScenes.Box;
import deepdrill.datasets.SyntheticScenes.Config;
import deepdrill.datasets.SyntheticScenes.Detection;
import deepdrill.datasets.SyntheticScenes.Scene;
import org.junit.jupiter.api.Test;

class SyntheticScenesTest {

    @Test
    void theSameSeedGivesTheSameScene() {
        assertEquals(SyntheticScenes.generate(42, Config.defaults()), SyntheticScenes.generate(42, Config.defaults()));
    }

    @Test
    void boxesAreInsideTheImageWithPositiveArea() {
        for (long seed = 0; seed < 200; seed++) {
            Scene scene = SyntheticScenes.generate(seed, Config.defaults());
            scene.objects().forEach(o -> assertValid(o.box(), scene));
            scene.detections().forEach(d -> assertValid(d.box(), scene));
        }
    }

    @Test
    void scenesLookLikeADetectorsOutput() {
        int duplicates = 0;
        int falsePositives = 0;
        int ties = 0;
        for (long seed = 0; seed < 200; seed++) {
            Scene scene = SyntheticScenes.generate(seed, Config.defaults());
            for (int i = 0; i < scene.detections().size(); i++) {
                Detection d = scene.detections().get(i);
                if (d.source() < 0) {
                    falsePositives++;
                } else {
                    assertTrue(iou(d.box(), scene.objects().get(d.source()).box()) > 0.5, "a true positive overlaps its object");
                }
                for (int j = 0; j < i; j++) {
                    Detection e = scene.detections().get(j);
                    if (d.source() >= 0 && d.source() == e.source()) {
                        duplicates++;
                    }
                    if (d.score() == e.score()) {
                        ties++;
                    }
                }
            }
        }
        assertTrue(duplicates > 100, "near-duplicates for NMS: " + duplicates);
        assertTrue(falsePositives > 100, "false positives for mAP: " + falsePositives);
        assertTrue(ties > 10, "ties in score: " + ties);
    }

    private static void assertValid(Box b, Scene scene) {
        assertTrue(b.x1() >= 0 && b.y1() >= 0 && b.x2() <= scene.width() && b.y2() <= scene.height(), b.toString());
        assertTrue(b.x2() > b.x1() && b.y2() > b.y1(), b.toString());
    }

    private static double iou(Box a, Box b) {
        double w = Math.max(0, Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1()));
        double h = Math.max(0, Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1()));
        double inter = w * h;
        return inter / (a.area() + b.area() - inter);
    }
}
