#!/usr/bin/env python3
"""JUnit XML reports as the stack scripts' checks: one line per test, "ok<TAB>what" or
"FAIL<TAB>what: why", in the order the tests ran.

    junit-checks.py REPORTS_DIR
"""
import glob
import sys
import xml.etree.ElementTree as ET

for report in sorted(glob.glob(f"{sys.argv[1]}/TEST-*.xml")):
    for case in ET.parse(report).getroot().iter("testcase"):
        what = f"{case.get('classname').rsplit('.', 1)[-1]}: {case.get('name')}"
        problem = next((child for child in case if child.tag in ("failure", "error", "skipped")), None)
        if problem is None:
            print(f"ok\t{what}")
        else:
            why = (problem.get("message") or problem.tag).strip().splitlines()
            print(f"FAIL\t{what}: {problem.tag}: {' '.join(why)[:300]}")
