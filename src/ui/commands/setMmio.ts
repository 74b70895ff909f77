import * as vscode from 'vscode';
import { formatBytes } from '../../core/format';
import { configureVmSetting } from '../actions/configureVm';
import { readSettings } from '../settings';
import type { CommandContext } from './commandContext';

const MIB = 1024n * 1024n;

async function askMegabytes(
  title: string,
  prompt: string,
  current: bigint,
  suggested: bigint,
  min: bigint,
  max: bigint | null,
): Promise<bigint | undefined> {
  const typed = await vscode.window.showInputBox({
    title,
    prompt: `${prompt} Now ${formatBytes(current)}.`,
    value: String(suggested / MIB),
    validateInput: (v) => {
      if (!/^\d+$/.test(v)) return 'Megabytes, a whole number';
      const bytes = BigInt(v) * MIB;
      if (bytes < min) return `At least ${min / MIB} MB`;
      if (max !== null && bytes > max) return `At most ${max / MIB} MB`;
      return undefined;
    },
  });
  return typed === undefined ? undefined : BigInt(typed) * MIB;
}

export const setMmioCommand = {
  id: 'gpupv.setMmio',
  run: (ctx: CommandContext, node?: unknown) =>
    configureVmSetting(ctx, node, 'Set MMIO space', async (vm) => {
      const { mmio } = readSettings();
      const low = await askMegabytes(
        `Low MMIO space of ${vm.name}`,
        'MMIO space below 4 GB, in MB (tools use 1024 to 3584).',
        vm.lowMemoryMappedIoSpace,
        mmio.lowMmio,
        128n * MIB,
        3584n * MIB,
      );
      if (low === undefined) return undefined;
      const high = await askMegabytes(
        `High MMIO space of ${vm.name}`,
        'MMIO space above the RAM, in MB: at least 8192 (below 8 GB the guest shows code 43); on a host CPU with 36-bit addressing stay at or below 16384.',
        vm.highMemoryMappedIoSpace,
        mmio.highMmio,
        8192n * MIB,
        null,
      );
      if (high === undefined) return undefined;
      if (low === vm.lowMemoryMappedIoSpace && high === vm.highMemoryMappedIoSpace) return `${vm.name} already has these MMIO sizes.`;
      return { LowMemoryMappedIoSpace: low, HighMemoryMappedIoSpace: high };
    }),
};
