#!/usr/bin/env python3
"""Sums the Surefire and Failsafe XML reports of the reactor and fails when an integration-test
module ran no integration test or skipped one: they must never pass silently without a broker."""
import glob
import sys
import xml.etree.ElementTree as ET

IT_MODULES = ("gateway-api", "qr-worker")
totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
problems = []
for module in ("qr-contract", "qr-common") + IT_MODULES:
    for kind in ("surefire-reports", "failsafe-reports"):
        counts = {key: 0 for key in totals}
        for report in glob.glob(f"{module}/target/{kind}/TEST-*.xml"):
            suite = ET.parse(report).getroot()
            for key in counts:
                counts[key] += int(suite.get(key, 0))
        for key in totals:
            totals[key] += counts[key]
        if kind == "failsafe-reports" and module in IT_MODULES:
            if counts["tests"] == 0:
                problems.append(f"{module}: no integration test ran")
            if counts["skipped"]:
                problems.append(f"{module}: {counts['skipped']} integration tests skipped")
for problem in problems:
    print("FAIL", problem)
failed = totals["failures"] + totals["errors"] + len(problems)
print(f"maven: {totals['tests'] - totals['failures'] - totals['errors'] - totals['skipped']} passed, "
      f"{failed} failed, {totals['skipped']} skipped")
sys.exit(1 if failed else 0)
