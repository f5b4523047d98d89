#!/bin/bash
# fast dev loop: recompile explorer main + explorer tests into target-explore2
set -e
. /tmp/fl/env.sh
cd /work/main
javac -nowarn -d simulator/target-explore2/classes -cp $CP simulator/src/main/java/dev/faultline/sim/explore/*.java
javac -nowarn -d protocols/target-explore2/test-classes -cp $CP protocols/src/test/java/dev/faultline/protocols/explore/*.java
javac -nowarn -d simulator/target-explore2/test-classes -cp $CP simulator/src/test/java/dev/faultline/sim/explore/*.java
