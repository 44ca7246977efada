package deepdrill.grader.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The one JMH benchmark behind {@code grader bench}: times one contender of one exercise at one
 * size, all chosen by {@code @Param} from the {@link BenchSpec} registered for the exercise. The
 * inputs are made once per trial in {@link #setUp()}, from fixed seeds; only the call is timed.
 *
 * <p>Engine calls run in an {@link NDScope}, so that the arrays each call makes are freed at once
 * (otherwise native memory grows with every invocation); an implementation's ND4J result is freed
 * the same way, by {@link BenchData#release}. On a GPU, PyTorch only queues the work:
 * reading one element of the result back waits for it to finish, so the time is the op's and not
 * the launch's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExerciseBenchmark {

    /** The exercise id. */
    @Param("conv2d-forward")
    public String exercise;

    /** The size's label. */
    @Param("1")
    public String size;

    /** {@code code}, {@code torch}, or a variant of the model solution. */
    @Param("code")
    public String contender;

    /** The engine's device for {@code torch}: {@code cpu} or {@code gpu}. */
    @Param("cpu")
    public String device;

    private Call call;
    private NDManager manager;

    @Setup(Level.Trial)
    public void setUp() {
        BenchSpec spec = BenchSpecs.get(exercise);
        BenchSize chosen = spec.size(size);
        if (contender.equals("code")) {
            call = freeing(spec.code(chosen));
        } else if (contender.equals("torch")) {
            manager = NDManager.newBaseManager(device.equals("gpu") ? Device.gpu() : Device.cpu());
            BenchSpec.NdCall op = spec.torch(chosen, manager);
            boolean synchronise = device.equals("gpu");
            call = () -> {
                try (NDScope scope = new NDScope()) {
                    NDArray out = op.run();
                    if (synchronise) {
                        out.get(new NDIndex(new long[out.getShape().dimension()])).toFloatArray();
                    }
                    return out;
                }
            };
        } else {
            call = freeing(spec.variant(contender, chosen));
        }
    }

    private static Call freeing(Call implementation) {
        return () -> {
            Object result = implementation.run();
            BenchData.release(result);
            return result;
        };
    }

    @Benchmark
    public Object run() {
        return call.run();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (manager != null) {
            manager.close();
        }
    }
}
