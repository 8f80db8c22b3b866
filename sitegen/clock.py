"""The clock: how long this process has run, start-up included (what a person waiting at the terminal
sees), and today's date."""

import datetime
import os
import time

STARTED = time.perf_counter()  # the fallback: when sitegen was first imported


def process_seconds():
    """Seconds since the process started, from the kernel's record; since sitegen's import if that is unreadable."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat, open("/proc/uptime", encoding="ascii") as uptime:
            started_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])  # field 22: start time, in clock ticks since boot
            return max(0.0, float(uptime.read().split()[0]) - started_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - STARTED


def today_in_uk():
    """Today's date (the build's output never depends on it, only its warnings)."""
    return datetime.date.today()
