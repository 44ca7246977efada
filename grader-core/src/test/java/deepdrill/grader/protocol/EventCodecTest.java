package deepdrill.grader.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepdrill.grader.Device;
import deepdrill.grader.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    @Test
    void everyEventSurvivesTheWire() {
        List<ChildEvent> events = List.of(
                new ChildEvent.Ready(Device.GPU, "PyTorch 2.5.1", 120, 900),
                new ChildEvent.NoDevice("--device gpu: no usable NVIDIA GPU"),
                new ChildEvent.EngineFailed("UnsatisfiedLinkError: libtorch.so"),
                new ChildEvent.RunStarted(42),
                new ChildEvent.TaskStarted("zero-pad", "bothAxes"),
                new ChildEvent.TaskEnded("zero-pad", "bothAxes", "pads height and width", Status.NOT_IMPLEMENTED,
                        "not implemented yet", "line 1\n\"quoted\"\n", 17, "8f3a0c19d2e4b7a6"),
                new ChildEvent.Retiring("a daemon thread 'Thread-3'"),
                new ChildEvent.OutOfMemory(480_000_000L, 512L << 20),
                new ChildEvent.RunDone(42));
        for (ChildEvent event : events) {
            String line = EventCodec.encode(event);
            assertTrue(!line.contains("\n"), "one event, one line: " + line);
            assertEquals(event, EventCodec.decode(line));
        }
    }

    @Test
    void aRequestSurvivesTheWire() {
        RunRequest request = new RunRequest("/tmp/classes", 7,
                List.of(new TaskRef("zero-pad", "deepdrill.grader.checks.week3.ZeroPadCheck", "bothAxes")));
        assertEquals(request, EventCodec.decodeRequest(EventCodec.encode(request)));
    }

    @Test
    void whatIsNotAnEventIsRefusedByName() {
        for (String line : List.of("{\"type\": \"Bogus\"}", "{\"status\": \"passed\"}", "[1, 2]", "task-end passed", "")) {
            ProtocolException e = assertThrows(ProtocolException.class, () -> EventCodec.decode(line));
            assertTrue(e.getMessage().startsWith("not an event of the check JVM"), e.getMessage());
        }
        assertThrows(ProtocolException.class, () -> EventCodec.decodeRequest("{\"seed\": 1}"));
    }
}
