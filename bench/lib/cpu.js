'use strict';
/**
 * CPU time spent by a process (and, for PostgreSQL, by its whole process tree), read from
 * /proc. On a shared 2-core machine throughput moves with whatever else runs; CPU time per
 * request barely does, so the benchmark reports both.
 */
const { readFileSync, readdirSync } = require('node:fs');

const TICK_MS = 10; // CLK_TCK is 100 on Linux x86_64

/** [utime, stime, cutime, cstime, ppid] in ticks, or null if the process is gone. */
function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is state (field 3); utime is field 14 -> index 11.
    return {
      ppid: Number(fields[1]),
      utime: Number(fields[11]),
      stime: Number(fields[12]),
      cutime: Number(fields[13]),
      cstime: Number(fields[14]),
    };
  } catch {
    return null;
  }
}

/** CPU ms of one process so far (its own threads only). */
function processCpuMs(pid) {
  const s = stat(pid);
  return s ? (s.utime + s.stime) * TICK_MS : 0;
}

/** CPU ms of a process tree: the root, reaped children (cutime) and live children. */
function treeCpuMs(rootPid) {
  const root = stat(rootPid);
  if (!root) return 0;
  let ticks = root.utime + root.stime + root.cutime + root.cstime;
  if (existsProc()) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const s = stat(Number(entry));
      if (s && s.ppid === rootPid) ticks += s.utime + s.stime;
    }
  }
  return ticks * TICK_MS;
}

function existsProc() {
  try {
    readdirSync('/proc/self');
    return true;
  } catch {
    return false;
  }
}

/**
 * The whole machine from /proc/stat, in CPU ms summed over cores: `busy` is time spent
 * running anything (user, nice, system, irq, softirq); `steal` is time the hypervisor gave
 * to other guests. Busy minus the measured processes is what the rest of the machine took.
 */
function machineCpuMs() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [user, nice, system, , , irq, softirq, steal] = line
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return { busy: (user + nice + system + irq + softirq) * TICK_MS, steal: steal * TICK_MS };
  } catch {
    return { busy: 0, steal: 0 };
  }
}

/** Samples several meters; `since()` gives the CPU ms each used since `start()`. */
function cpuMeter(meters) {
  let base = {};
  const read = () => Object.fromEntries(Object.entries(meters).map(([k, f]) => [k, f()]));
  return {
    start() {
      base = read();
    },
    since() {
      const now = read();
      return Object.fromEntries(Object.keys(meters).map((k) => [k, now[k] - base[k]]));
    },
  };
}

module.exports = { processCpuMs, treeCpuMs, machineCpuMs, cpuMeter };
