/** The fleet summary as words: one line for the tree, and the longer breakdown for its tooltip. */
import { plural } from '../format';
import { unreadableCountText } from '../invalidEntryText';
import type { DriverDrift, FleetSummary } from './fleetSummary';

function hostsText(s: FleetSummary): string {
  const all = plural(s.hosts, 'host');
  if (s.reachable === s.hosts) return all;
  const parts = [
    s.reachable > 0 && `${s.reachable} reachable`,
    s.unreachable > 0 && `${s.unreachable} unreachable`,
    s.notRead > 0 && `${s.notRead} not read yet`,
  ];
  return `${all} (${parts.filter(Boolean).join(', ')})`;
}

/** "drifting" only for synced guests whose copy differs from the host's driver; never-synced ones are "not synced". */
function driversText(d: DriverDrift): string {
  if (!d.checked) return 'drivers: not checked';
  const parts = [d.drifting > 0 && `${d.drifting} drifting`, d.notSynced > 0 && `${d.notSynced} not synced`].filter(Boolean);
  if (parts.length > 0) return `drivers: ${parts.join(', ')}`;
  return d.inSync > 0 ? 'drivers: in sync' : 'drivers: nothing to sync';
}

function driversDetail(d: DriverDrift): string {
  if (!d.checked) return 'Guest drivers: not checked (driver sync compares them)';
  const total = d.inSync + d.drifting + d.notSynced;
  if (total === 0) return 'Guest drivers: no VM has a GPU-PV partition, so no driver to sync';
  return (
    `Guest drivers of ${plural(total, 'VM')} with a GPU-PV partition: ${d.inSync} in sync, ` +
    `${d.drifting} drifting (synced, but the host's driver changed since), ${d.notSynced} never synced`
  );
}

/**
 * e.g. `20 hosts · 1000 VMs, 400 with GPU · 120 partitions free · drivers: not checked`. Short
 * enough for a default-width side bar; the GPU count and the rest are in the details.
 */
export function fleetSummaryLine(s: FleetSummary): string {
  return [
    hostsText(s),
    `${plural(s.vms, 'VM')}, ${s.vmsWithGpu} with GPU`,
    `${plural(s.partitionsFree, 'partition')} free`,
    driversText(s.drivers),
    ...(s.unreadable > 0 ? [unreadableCountText(s.unreadable)] : []),
  ].join(' · ');
}

/** One fact per line, saying what each number counts. */
export function fleetSummaryDetails(s: FleetSummary): string[] {
  const lines = [
    `${plural(s.hosts, 'host')}: ${s.reachable} reachable, ${s.unreachable} unreachable, ${s.notRead} not read yet`,
    `${plural(s.vms, 'virtual machine')}, ${s.vmsWithGpu} with a GPU partition`,
    `${plural(s.gpus, 'partitionable GPU')}: ${s.partitionsFree} of ${plural(s.partitions, 'partition')} free`,
  ];
  lines.push(driversDetail(s.drivers));
  if (s.unreadable > 0)
    lines.push(
      `${unreadableCountText(s.unreadable)} (a VM, GPU, adapter or driver record in a form this extension does not know): not in the counts above, and a partition it holds is not counted as in use. The tree shows each one.`,
    );
  if (s.reachable < s.hosts) lines.push('VMs, GPUs and partitions count reachable hosts only.');
  return lines;
}
