# Sourced by mvnw, faultline and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME if it is new enough, then `java` on PATH, then every JDK under the usual
# install roots (newest first). Prints one clear line and returns 1 when none exists.

faultline_java_major() { # $1 = path to a java binary; prints its feature version, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1 | cut -d. -f1
}

faultline_find_jdk() {
  local min=21 candidate major root home
  local -a candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for root in /usr/lib/jvm /usr/java /opt/java /opt /Library/Java/JavaVirtualMachines; do
    [ -d "$root" ] || continue
    while IFS= read -r candidate; do candidates+=("$candidate"); done < <(ls -1d "$root"/*/ 2>/dev/null | sed 's:/$::' | sort -rV)
  done
  for candidate in "${candidates[@]}"; do
    for home in "$candidate" "$candidate/Contents/Home"; do
      [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
      major=$(faultline_java_major "$home/bin/java")
      if [ -n "$major" ] && [ "$major" -ge "$min" ] 2>/dev/null; then
        export JAVA_HOME="$home"
        export PATH="$JAVA_HOME/bin:$PATH"
        return 0
      fi
    done
  done
  echo "faultline: no JDK >= $min found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm, /opt); install one, e.g. apt-get install openjdk-21-jdk" >&2
  return 1
}
