package dev.faultline.scenario.cli;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Per-command defaults for the shared mixins (fuzz draws 3 clients, explore 1): the mixin declares
 * the option once, the command says its default here, and --help prints it.
 */
abstract class CommandDefaults implements IDefaultValueProvider {
  private final Map<String, String> byOption;

  CommandDefaults(Map<String, String> byOption) {
    this.byOption = byOption;
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    return arg instanceof OptionSpec o ? byOption.get(o.longestName()) : null;
  }

  static String cores() {
    return String.valueOf(Runtime.getRuntime().availableProcessors());
  }

  /**
   * {@code faultline fuzz}: swarm-sized runs on every core; each seed draws its server count and
   * timing unless --servers fixes them.
   */
  static final class Fuzz extends CommandDefaults {
    Fuzz() {
      super(
          Map.of(
              "--servers",
              SizeMixin.DRAWN,
              "--clients",
              "3",
              "--ops",
              "200",
              "--out",
              "out",
              "--threads",
              cores()));
    }
  }

  /** {@code faultline explore}: the smallest model worth checking, one thread. */
  static final class Explore extends CommandDefaults {
    Explore() {
      super(
          Map.of(
              "--servers", "3", "--clients", "1", "--ops", "1", "--out", "out", "--threads", "1"));
    }
  }
}
