/** The fleet summary as words: one line for the tree, and the longer breakdown for its tooltip. */
import { unreadableCountText } from '../invalidEntryText';
import type { DriverDrift, FleetSummary } from './fleetSummary';

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function hostsText(s: FleetSummary): string {
  const all = count(s.hosts, 'host');
  if (s.reachable === s.hosts) return all;
  const parts = [
    s.reachable > 0 && `${s.reachable} reachable`,
    s.unreachable > 0 && `${s.unreachable} unreachable`,
    s.notRead > 0 && `${s.notRead} not read yet`,
  ];
  return `${all} (${parts.filter(Boolean).join(', ')})`;
}

function driversText(d: DriverDrift): string {
  if (!d.checked) return 'drivers: not checked';
  const unchecked = d.notCompared > 0 ? `, ${d.notCompared} not checked` : '';
  return `drivers: ${d.drifting} drifting${unchecked}`;
}

/**
 * e.g. `20 hosts · 1000 VMs, 400 with GPU · 120 partitions free · drivers: not checked`. Short
 * enough for a default-width side bar; the GPU count and the rest are in the details.
 */
export function fleetSummaryLine(s: FleetSummary): string {
  return [
    hostsText(s),
    `${count(s.vms, 'VM')}, ${s.vmsWithGpu} with GPU`,
    `${count(s.partitionsFree, 'partition')} free`,
    driversText(s.drivers),
    ...(s.unreadable > 0 ? [unreadableCountText(s.unreadable)] : []),
  ].join(' · ');
}

/** One fact per line, saying what each number counts. */
export function fleetSummaryDetails(s: FleetSummary): string[] {
  const lines = [
    `${count(s.hosts, 'host')}: ${s.reachable} reachable, ${s.unreachable} unreachable, ${s.notRead} not read yet`,
    `${count(s.vms, 'virtual machine')}, ${s.vmsWithGpu} with a GPU partition`,
    `${count(s.gpus, 'partitionable GPU')}: ${s.partitionsFree} of ${count(s.partitions, 'partition')} free`,
  ];
  const d = s.drivers;
  lines.push(
    d.checked
      ? `Guest drivers: ${d.drifting} of ${d.compared} checked differ from the host's${d.notCompared > 0 ? `; ${d.notCompared} VMs with a GPU not checked` : ''}`
      : 'Guest drivers: not checked (driver sync compares them)',
  );
  if (s.unreadable > 0)
    lines.push(
      `${unreadableCountText(s.unreadable)} (a VM, GPU, adapter or driver record in a form this extension does not know): not in the counts above, and a partition it holds is not counted as in use. The tree shows each one.`,
    );
  if (s.reachable < s.hosts) lines.push('VMs, GPUs and partitions count reachable hosts only.');
  return lines;
}
