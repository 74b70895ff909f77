import * as vscode from 'vscode';
import { fixedPartition } from '../../core/actions/sizing';
import { formatBytes } from '../../core/format';
import { partitioningLabel } from '../../core/gpuIdentity';
import type { PartitionableGpu } from '../../core/model';
import { holdersOf } from '../../core/rules/partitionUsage';
import type { HostTarget } from '../actions/hostTarget';
import { gpuLabel } from '../tree/gpuNode';

function partitioningText(gpu: PartitionableGpu): string {
  const fixed = fixedPartition(gpu);
  return fixed ? `SR-IOV GPU-P, each VM gets 1/${fixed.partitionCount} (VRAM ${formatBytes(fixed.vram)})` : partitioningLabel(gpu.kind);
}

/**
 * undefined: cancelled; null: Hyper-V's default GPU, the only choice when assigning on Windows 10
 * (`forAssignment`), which the user is told before choosing.
 */
export async function pickGpu(target: HostTarget, title: string, forAssignment: boolean): Promise<PartitionableGpu | null | undefined> {
  const { gpus, facts } = target.inventory;
  if (gpus.length === 0) {
    void vscode.window.showErrorMessage(
      `${target.node.config.name} has no partitionable GPU: its GPU driver must support GPU-PV (WDDM 2.5 or later).`,
    );
    return undefined;
  }
  if (forAssignment && !facts.supportsInstancePath) {
    const first = gpuLabel(gpus[0]!);
    const go = await vscode.window.showWarningMessage(
      `${target.node.config.name} runs Windows ${facts.osBuild}, which cannot choose the GPU: Hyper-V assigns its default GPU, ${first}.`,
      { modal: true, detail: 'Only Windows 11 and Windows Server 2022 or later have Add-VMGpuPartitionAdapter -InstancePath.' },
      `Assign ${first}`,
    );
    return go ? null : undefined;
  }
  const picked = await vscode.window.showQuickPick(
    gpus.map((gpu) => ({
      label: gpuLabel(gpu),
      description: `${holdersOf(gpu, target.inventory).length}/${gpu.partitionCount} partitions in use`,
      detail: `${partitioningText(gpu)} · driver ${gpu.driverVersion ?? 'unknown'}`,
      gpu,
    })),
    { title, placeHolder: 'GPU to share with the VM' },
  );
  return picked?.gpu;
}
