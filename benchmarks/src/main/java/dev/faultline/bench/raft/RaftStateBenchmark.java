package dev.faultline.bench.raft;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.protocols.raft.RaftSpec;
import dev.faultline.protocols.raft.RaftState;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.trace.TraceSink;
import dev.faultline.sim.world.ClockConfig;
import dev.faultline.sim.world.World;
import dev.faultline.sim.world.WorldConfig;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the explorer pays per stepped Raft node: {@code copy()} of a server's state and its
 * fingerprint, on the three servers of a real cluster after {@code ops} client operations (a leader
 * with per-peer indices and two followers; no snapshots, so the log holds every entry). The sink
 * only folds the bytes into a long, so the score is RaftState's own work, not a hash function's.
 * Uses only public API, so the same class measures an older RaftState too.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar RaftStateBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RaftStateBenchmark {
  /** Client operations before measuring: the log length is about this plus the no-ops. */
  @Param({"0", "8", "200"})
  public int ops;

  private final List<RaftState> servers = new ArrayList<>();

  @Setup
  public void setup() {
    List<ClientOp> script = new ArrayList<>();
    for (int i = 1; i <= ops; i++) {
      script.add(new ClientOp(i % 3 == 0 ? "get" : "put", "k" + (i % 4), "c1-" + i, 0));
    }
    TreeMap<String, String> options = new TreeMap<>();
    Cluster cluster = new RaftSpec().build(new ClusterParams(3, null, List.of(script), options));
    World w =
        new World(
            new WorldConfig(1, NetworkConfig.RELIABLE, ClockConfig.DEFAULT, 100_000, 10_000_000L),
            cluster,
            TraceSink.NONE);
    w.runUntil(2_000 + 30L * ops);
    for (NodeId id : cluster.servers()) {
      RaftState s = w.stateAs(id, RaftState.class);
      if (s != null) {
        servers.add(s);
      }
    }
  }

  @Benchmark
  public long copyAllServers() {
    long n = 0;
    for (RaftState s : servers) {
      n += s.copy().commitIndex();
    }
    return n;
  }

  @Benchmark
  public long fingerprintAllServers() {
    FoldSink sink = new FoldSink();
    for (RaftState s : servers) {
      s.fingerprint(sink);
    }
    return sink.h;
  }

  /** Copy then fingerprint the copy: one explorer step's node work. */
  @Benchmark
  public long copyAndFingerprint() {
    FoldSink sink = new FoldSink();
    for (RaftState s : servers) {
      s.copy().fingerprint(sink);
    }
    return sink.h;
  }

  /** Folds everything into one long (cheap, order-sensitive); not a real hash. */
  static final class FoldSink implements PrimitiveSink {
    long h = 1;

    private FoldSink mix(long v) {
      h = h * 31 + v;
      return this;
    }

    @Override
    public PrimitiveSink putByte(byte b) {
      return mix(b);
    }

    @Override
    public PrimitiveSink putBytes(byte[] bytes) {
      for (byte b : bytes) {
        mix(b);
      }
      return this;
    }

    @Override
    public PrimitiveSink putBytes(byte[] bytes, int off, int len) {
      for (int i = off; i < off + len; i++) {
        mix(bytes[i]);
      }
      return this;
    }

    @Override
    public PrimitiveSink putBytes(ByteBuffer bytes) {
      while (bytes.hasRemaining()) {
        mix(bytes.get());
      }
      return this;
    }

    @Override
    public PrimitiveSink putShort(short s) {
      return mix(s);
    }

    @Override
    public PrimitiveSink putInt(int i) {
      return mix(i);
    }

    @Override
    public PrimitiveSink putLong(long l) {
      return mix(l);
    }

    @Override
    public PrimitiveSink putFloat(float f) {
      return mix(Float.floatToIntBits(f));
    }

    @Override
    public PrimitiveSink putDouble(double d) {
      return mix(Double.doubleToLongBits(d));
    }

    @Override
    public PrimitiveSink putBoolean(boolean b) {
      return mix(b ? 1 : 0);
    }

    @Override
    public PrimitiveSink putChar(char c) {
      return mix(c);
    }

    @Override
    public PrimitiveSink putUnencodedChars(CharSequence chars) {
      for (int i = 0; i < chars.length(); i++) {
        mix(chars.charAt(i));
      }
      return this;
    }

    @Override
    public PrimitiveSink putString(CharSequence chars, Charset charset) {
      return putUnencodedChars(chars);
    }
  }
}
