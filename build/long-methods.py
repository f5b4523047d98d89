#!/usr/bin/env python3
"""Lists methods and constructors longer than LIMIT lines (default 70, the project's limit).

Usage: python3 build/long-methods.py [ROOT] [LIMIT]

A heuristic over google-java-format'd sources, not a parser: a declaration starts at indentation n
with an identifier followed by '(' and is not a control statement, lambda, type declaration or
field initializer; it ends at the first line that is exactly n spaces + '}'. Length counts the
declaration line through the closing brace. Files under target/ are skipped.
"""
import os, re, sys
LIMIT = int(sys.argv[2]) if len(sys.argv) > 2 else 70
root = sys.argv[1] if len(sys.argv) > 1 else '.'
CTRL = re.compile(r'^(if|for|while|switch|try|catch|else|do|synchronized|return|new|throw|case|yield|super|this)\b')
DECL = re.compile(r'^((public|private|protected|static|final|abstract|default|synchronized|native|@\w+(\([^)]*\))?)\s+)*(<[^>]+>\s+)?([\w.$]+(<.*>)?(\[\])*\s+)?[\w$]+\s*\(')
out = []
for dp, dn, fn in os.walk(root):
    if '/target' in dp or '/.git' in dp: continue
    for f in fn:
        if not f.endswith('.java'): continue
        p = os.path.join(dp, f)
        lines = open(p, encoding='utf-8').read().split('\n')
        i = 0
        while i < len(lines):
            l = lines[i]; s = l.lstrip(); n = len(l) - len(s)
            if s and DECL.match(s) and not CTRL.match(s) and '=' not in s.split('(')[0] and not s.startswith('@') and not re.search(r'\b(record|class|interface|enum)\s', s.split('(')[0]):
                # find the line ending the signature with '{' (or ';' = abstract)
                j = i
                while j < len(lines) and not lines[j].rstrip().endswith('{') and not lines[j].rstrip().endswith(';'):
                    j += 1
                if j < len(lines) and lines[j].rstrip().endswith('{') and '->' not in ''.join(lines[i:j+1]):
                    k = j + 1
                    end = ' ' * n + '}'
                    while k < len(lines) and lines[k].rstrip() != end:
                        k += 1
                    length = k - i + 1
                    if length > LIMIT and k < len(lines):
                        name = re.search(r'([\w$]+)\s*\(', s).group(1)
                        out.append((length, os.path.relpath(p, root), i + 1, name))
                    i = j + 1
                    continue
            i += 1
for length, p, ln, name in sorted(out, key=lambda t: (t[1], t[2])):
    print(f'{length:4d}  {p}:{ln}  {name}')
print(f'{len(out)} methods over {LIMIT} lines', file=sys.stderr)
