#!/usr/bin/env python3
"""Sums the Surefire and Failsafe XML reports of the reactor and fails when an integration-test
module ran no integration test or skipped one: they must never pass silently without a broker.
Prints the pyramid too: unit tests, slices (@DatabaseSlice, @WebMvcTest: one layer of Spring
against the real database, or MVC alone) and integration tests (*IT, the whole application
against the real services), each with its count and the seconds its classes took."""
import glob
import os
import sys
import xml.etree.ElementTree as ET

IT_MODULES = ("gateway-api", "qr-worker")
SLICES = ("@DatabaseSlice", "@WebMvcTest")
totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
layers = {name: [0, 0.0] for name in ("unit", "slice", "integration")}
problems = []


def layer(module, kind, classname):
    if kind == "failsafe-reports":
        return "integration"
    source = f"{module}/src/test/java/{classname.split('$')[0].replace('.', '/')}.java"
    text = open(source).read() if os.path.exists(source) else ""
    return "slice" if any(mark in text for mark in SLICES) else "unit"


for module in ("qr-contract", "qr-common") + IT_MODULES:
    for kind in ("surefire-reports", "failsafe-reports"):
        counts = {key: 0 for key in totals}
        for report in glob.glob(f"{module}/target/{kind}/TEST-*.xml"):
            suite = ET.parse(report).getroot()
            for key in counts:
                counts[key] += int(suite.get(key, 0))
            tally = layers[layer(module, kind, suite.get("name"))]
            tally[0] += int(suite.get("tests", 0))
            tally[1] += float(suite.get("time", 0))
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
print("pyramid: " + ", ".join(f"{name} {count} tests in {seconds:.0f} s" for name, (count, seconds) in layers.items()))
sys.exit(1 if failed else 0)
