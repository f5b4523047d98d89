#!/usr/bin/env bash
# Mutation score of one protocol's checks: PIT mutates the protocol's main classes and runs a
# correct-protocol swarm campaign (MutationCampaignTest) against each mutant. A mutant is killed
# when the campaign fails (an invariant, linearizability, an EVENTUALLY property, or liveness
# outside a declared progress limit). Opt-in and slow: minutes to hours, by protocol and seeds.
#
#   build/mutation.sh PROTOCOL [--seeds N] [--ops N] [--threads N] [--classes GLOB] [--mutators M]
#
# Report: target/mutation/PROTOCOL/index.html (+ mutations.xml, mutations.csv). See
# docs/guides/mutation.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. build/find-jdk.sh
faultline_find_jdk || exit 1

usage() { echo "usage: build/mutation.sh PROTOCOL [--seeds N] [--ops N] [--threads N] [--classes GLOB] [--mutators M]" >&2; exit 2; }
[ $# -ge 1 ] || usage
protocol=$1; shift
case "$protocol" in *[!a-z0-9]*|'') echo "mutation: protocol '$protocol' is not a protocol name" >&2; exit 2;; esac
[ -d "protocols/src/main/java/dev/faultline/protocols/$protocol" ] \
  || { echo "mutation: no protocol package protocols/src/main/java/dev/faultline/protocols/$protocol" >&2; exit 2; }
seeds=200; ops=100; threads=2; classes="dev.faultline.protocols.$protocol.*"; mutators=DEFAULTS
# The judges are not mutated: a weakened invariant or variant switch cannot fail on a correct run,
# so its mutants say nothing about how well the checks constrain the protocol.
pkg="dev.faultline.protocols.$protocol"
excluded="$pkg.*Invariant*,$pkg.*Eventually*,$pkg.*Bug,$pkg.*Bug\$*"
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds=${2:?}; shift 2;;
    --ops) ops=${2:?}; shift 2;;
    --threads) threads=${2:?}; shift 2;;
    --classes) classes=${2:?}; shift 2;;
    --mutators) mutators=${2:?}; shift 2;;
    *) echo "mutation: unknown option '$1'" >&2; usage;;
  esac
done

./mvnw -B -ntp -q -pl scenarios -am test-compile -Pmutation -Dspotless.goal=check
cp="scenarios/target/test-classes:scenarios/target/classes:$(cat scenarios/target/mutation.classpath)"
out="target/mutation/$protocol"
mkdir -p "$out"
java -cp "$cp" org.pitest.mutationtest.commandline.MutationCoverageReport \
  --classPath "${cp//:/,}" --includeLaunchClasspath=false \
  --mutableCodePaths "$PWD/protocols/target/classes" \
  --sourceDirs "$PWD/protocols/src/main/java" \
  --targetClasses "$classes" \
  --excludedClasses "$excluded" \
  --targetTests dev.faultline.scenario.mutation.MutationCampaignTest \
  --mutators "$mutators" \
  --threads "$threads" \
  --timestampedReports=false \
  --outputFormats HTML,XML,CSV \
  --timeoutFactor 3 --timeoutConst 20000 \
  --jvmArgs "-Dfl.mutation.protocol=$protocol,-Dfl.mutation.seeds=$seeds,-Dfl.mutation.ops=$ops" \
  --reportDir "$out" ${FL_PIT_VERBOSE:+--verbose}
echo "mutation: report in $out/index.html"
