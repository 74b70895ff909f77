import * as vscode from 'vscode';
import type { PartitionSizes } from '../../core/actions/gpuPvAction';
import { shareSizes } from '../../core/actions/sizing';
import { resourceAmount } from '../../core/resourceText';
import type { PartitionableGpu } from '../../core/model';

/** SR-IOV GPUs are not asked (their partition has one fixed size: see fixedPartition). */
function sizeNote(gpu: PartitionableGpu | null): string {
  if (gpu?.kind === 'unknown') return 'Whether this GPU enforces these numbers is not known (its instance path has an unknown form).';
  return 'GPU-PV drivers do not enforce these numbers: every VM still shares the whole GPU.';
}

/**
 * The share a VM asks of a GPU-PV GPU (an SR-IOV GPU's partition has one fixed size: see
 * fixedPartition). undefined: cancelled; null: leave the sizes unset (the whole GPU, Hyper-V's default).
 */
export async function pickSize(gpu: PartitionableGpu | null, title: string): Promise<PartitionSizes | null | undefined> {
  const note = sizeNote(gpu);
  const items: Array<vscode.QuickPickItem & { percent: number | null }> = [
    { label: 'Whole GPU', description: 'sizes unset (default)', detail: 'Hyper-V gives the partition what the GPU offers.', percent: null },
  ];
  if (gpu) {
    for (const percent of [50, 25, 10]) {
      const sizes = shareSizes(gpu, percent);
      items.push({
        label: `${percent}% of each resource`,
        description: `VRAM ${resourceAmount(gpu.kind, 'VRAM', sizes.MaxPartitionVRAM ?? 0n)}`,
        detail: note,
        percent,
      });
    }
    items.push({ label: 'Another share…', description: 'percent from 1 to 100', detail: note, percent: -1 });
  }
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Partition size' });
  if (!picked) return undefined;
  if (picked.percent === null || !gpu) return null;
  let percent = picked.percent;
  if (percent === -1) {
    const typed = await vscode.window.showInputBox({
      title,
      prompt: `Share of each resource of ${gpu.friendlyName ?? 'the GPU'}, in percent. ${note}`,
      value: '50',
      validateInput: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 100 ? undefined : 'A whole number from 1 to 100'),
    });
    if (!typed) return undefined;
    percent = Number(typed);
  }
  return shareSizes(gpu, percent);
}
