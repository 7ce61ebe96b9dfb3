"""Times two commands side by side, A B A B … (alternating who goes first), each run's wall
time and peak memory from the kernel: the largest single process of its process tree (a
sampler reads /proc every 50 ms, since a JVM started by Python is not reaped through the
command's own rusage) and, for a single process, /usr/bin/time's maximum RSS. Prints each
figure's median and the median of the paired ratios A/B.

    python bench/pair.py RUNS 'COMMAND A' 'COMMAND B'
"""
import os
import shlex
import statistics
import subprocess
import sys
import threading
import time

from benchlib import alternating


def tree_peak_mb(root, stop, result):
    """The largest RSS any process under `root` reaches, sampled until `stop` is set."""
    peak = 0
    while not stop.is_set():
        children = {}
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(pid))
            except OSError:
                continue
        stack, tree = [root], []
        while stack:
            p = stack.pop()
            tree.append(p)
            stack.extend(children.get(p, []))
        for p in tree:
            try:
                with open(f"/proc/{p}/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            peak = max(peak, int(line.split()[1]))
            except OSError:
                pass
        time.sleep(0.05)
    result.append(peak / 1024)


def run(command):
    started = time.perf_counter()
    proc = subprocess.Popen(["/usr/bin/time", "-f", "%M"] + shlex.split(command),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stop, result = threading.Event(), []
    sampler = threading.Thread(target=tree_peak_mb, args=(proc.pid, stop, result))
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - started
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {command}\n{err}")
    own = int(err.strip().splitlines()[-1]) / 1024
    return wall, max(own, result[0])


def main():
    runs, a, b = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    figures = {"A": [], "B": []}
    for order in alternating(runs, ["A", "B"]):
        for who in order:
            figures[who].append(run(a if who == "A" else b))
            wall, peak = figures[who][-1]
            print(f"  {who}: {wall:8.2f} s  peak {peak:8.0f} MB", flush=True)
    for who, cmd in (("A", a), ("B", b)):
        walls = [w for w, _ in figures[who]]
        peaks = [p for _, p in figures[who]]
        print(f"{who} = {cmd}\n    wall median {statistics.median(walls):.2f} s (min {min(walls):.2f}, max {max(walls):.2f}),"
              f" peak memory median {statistics.median(peaks):.0f} MB")
    ratios = [fa[0] / fb[0] for fa, fb in zip(figures["A"], figures["B"])]
    print(f"A/B wall: median {statistics.median(ratios):.2f} (min {min(ratios):.2f}, max {max(ratios):.2f}) over {runs} pair(s)")


if __name__ == "__main__":
    main()
