#!/usr/bin/env bash
# Mutation score of one protocol's checks: PIT mutates the protocol's main classes and runs a
# correct-protocol swarm campaign (MutationCampaignTest) against each mutant. A mutant is killed
# when the campaign fails (an invariant, linearizability, an EVENTUALLY property, or liveness
# outside a declared progress limit). Opt-in and slow: minutes to hours, by protocol and seeds.
#
#   build/mutation.sh PROTOCOL [--seeds N] [--ops N] [--think-ticks N] [--duration-ticks N]
#                     [--threads N] [--classes GLOB] [--excluded-methods GLOBS] [--mutators M] [--draw-shape] [--option K=V]...
#                     [--planted] [--judges] [--snapshot DIR] [--report DIR]
#
# --planted adds a second test: every bug variant must still fail its library scenario(s) with the
# expected property (PlantedBugsCaughtTest). --judges mutates the judges (the *Invariant* and
# *Eventually* classes) instead of the protocol, with the planted leg on.
#
# Report: target/mutation/PROTOCOL/index.html (+ mutations.xml, mutations.csv), and scores.txt: score
# A (killed by the campaign) and score B (A plus credited planted-leg kills). See
# docs/guides/mutation.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. build/find-jdk.sh
faultline_find_jdk || exit 1

usage() { echo "usage: build/mutation.sh PROTOCOL [--seeds N] [--ops N] [--think-ticks N] [--duration-ticks N] [--threads N] [--classes GLOB] [--excluded-methods GLOBS] [--mutators M] [--draw-shape] [--option K=V]... [--planted] [--judges] [--snapshot DIR] [--report DIR]" >&2; exit 2; }
[ $# -ge 1 ] || usage
protocol=$1; shift
case "$protocol" in *[!a-z0-9]*|'') echo "mutation: protocol '$protocol' is not a protocol name" >&2; exit 2;; esac
[ -d "protocols/src/main/java/dev/faultline/protocols/$protocol" ] \
  || { echo "mutation: no protocol package protocols/src/main/java/dev/faultline/protocols/$protocol" >&2; exit 2; }
seeds=200; ops=100; think=10; duration=0; threads=2; classes="dev.faultline.protocols.$protocol.*"; mutators=DEFAULTS
draw_shape=false; options=""; excluded_methods=""; snapshot=""; out="target/mutation/$protocol"; planted=false; judges=false
# The judges are not mutated: a weakened invariant or variant switch cannot fail on a correct run,
# so its mutants say nothing about how well the checks constrain the protocol. Nor is the test
# itself: the swarm's input generator (classes named *Swarm*) and the state-aware nemesis's aims
# (*Goals*) decide which faults a seed injects, and reshaping the test cannot fail a correct run.
# Judges are the classes named *Invariant*, *Eventually*, *Rules* (step rules) and *Duties*.
pkg="dev.faultline.protocols.$protocol"
excluded="$pkg.*Invariant*,$pkg.*Eventually*,$pkg.*Rules*,$pkg.*Duties*,$pkg.*Bug,$pkg.*Bug\$*,$pkg.*Swarm*,$pkg.*Goals*"
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds=${2:?}; shift 2;;
    --ops) ops=${2:?}; shift 2;;
    # Ticks between a client's operations, and how long faults last (0: the campaign's default).
    # More think time puts more operations after the faults, where the settled latency bound holds.
    --think-ticks) think=${2:?}; shift 2;;
    --duration-ticks) duration=${2:?}; shift 2;;
    --threads) threads=${2:?}; shift 2;;
    --classes) classes=${2:?}; shift 2;;
    # Method names PIT leaves alone (its globs, comma-separated): narrows a run to the methods a
    # round aims at.
    --excluded-methods) excluded_methods=${2:?}; shift 2;;
    --mutators) mutators=${2:?}; shift 2;;
    # Each seed draws its cluster shape (server count, timing) and the campaign stops at the first
    # failing seed, as the CLI's fuzz does without --servers.
    --draw-shape) draw_shape=true; shift;;
    # A protocol option for every seed, e.g. raft's checkPersistence=true, pb's swarmRarePaths=true.
    --option) options="${options:+$options;}${2:?}"; shift 2;;
    # Run from a copy of the class folders, so a rebuild of the worktree during the run (which
    # takes an hour or more) does not change the code under test half way.
    # The planted-bug leg: each bug variant must still fail its library scenario(s) as they expect.
    --planted) planted=true; shift;;
    # Mutate the judges themselves (how many weakened judges does the planted leg notice?).
    --judges) judges=true; planted=true; shift;;
    --snapshot) snapshot=${2:?}; shift 2;;
    --report) out=${2:?}; shift 2;;
    *) echo "mutation: unknown option '$1'" >&2; usage;;
  esac
done

tests=dev.faultline.scenario.mutation.MutationCampaignTest
if [ "$planted" = true ]; then
  tests="$tests,dev.faultline.scenario.mutation.PlantedBugsCaughtTest"
fi
if [ "$judges" = true ]; then
  [ "$classes" = "$pkg.*" ] || { echo "mutation: --judges mutates the judges; drop --classes" >&2; exit 2; }
  classes="$pkg.*Invariant*,$pkg.*Eventually*,$pkg.*Rules*,$pkg.*Duties*"; excluded="$pkg.*Bug,$pkg.*Bug\$*"; judges_flag=--judges
fi

./mvnw -B -ntp -q -pl scenarios -am test-compile -Pmutation -Dspotless.goal=check
cp="$PWD/scenarios/target/test-classes:$PWD/scenarios/target/classes:$(cat scenarios/target/mutation.classpath)"
mutable="$PWD/protocols/target/classes"
library="$PWD/scenarios/library"
if [ -n "$snapshot" ]; then
  mkdir -p "$snapshot"
  for module in simulator protocols checkers reports scenarios; do
    rm -rf "${snapshot:?}/$module"
    mkdir -p "$snapshot/$module"
    cp -r "$module/target/classes" "$snapshot/$module/classes"
    cp="${cp//$PWD\/$module\/target\/classes/$snapshot/$module/classes}"
  done
  cp -r scenarios/target/test-classes "$snapshot/scenarios/test-classes"
  rm -rf "$snapshot/library" && cp -r scenarios/library "$snapshot/library"
  library="$snapshot/library"
  cp="${cp//$PWD\/scenarios\/target\/test-classes/$snapshot/scenarios/test-classes}"
  mutable="$snapshot/protocols/classes"
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
java -cp "$cp" org.pitest.mutationtest.commandline.MutationCoverageReport \
  --classPath "${cp//:/,}" --includeLaunchClasspath=false \
  --mutableCodePaths "$mutable" \
  --sourceDirs "$PWD/protocols/src/main/java" \
  --targetClasses "$classes" \
  --excludedClasses "$excluded" \
  ${excluded_methods:+--excludedMethods "$excluded_methods"} \
  --targetTests "$tests" --fullMutationMatrix=$planted \
  --mutators "$mutators" \
  --threads "$threads" \
  --timestampedReports=false \
  --outputFormats HTML,XML,CSV \
  --timeoutFactor 3 --timeoutConst 20000 \
  --jvmArgs "-Dfl.mutation.protocol=$protocol,-Dfl.mutation.seeds=$seeds,-Dfl.mutation.ops=$ops,-Dfl.mutation.thinkTicks=$think,-Dfl.mutation.durationTicks=$duration,-Dfl.mutation.outDir=$out/campaign,-Dfl.mutation.drawShape=$draw_shape,-Dfl.mutation.options=$options,-Dfl.mutation.planted=$planted,-Dfl.mutation.library=$library" \
  --reportDir "$out" ${FL_PIT_VERBOSE:+--verbose}
java -cp "$cp" dev.faultline.scenario.mutation.MutationScores "$out/mutations.xml" \
  "$PWD/protocols/src/main/java" ${judges_flag:-} >"$out/scores.txt"
cat "$out/scores.txt"
echo "mutation: report in $out/index.html, scores in $out/scores.txt"
