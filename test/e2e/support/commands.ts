/**
 * The GPU-PV commands as a user runs them from the command palette, for the e2e journeys. `host`
 * is the host to pick, or null when the workbench has one host (the host pick is then not asked).
 */
import type { Page } from 'playwright-core';
import { answerDialog, pickQuickItem, runCommand, type DialogText } from './workbench';

/** Assign GPU Partition…: host, VM, GPU and "Whole GPU" picked, then Apply; answers the confirmation's text. */
export async function assignWholeGpu(p: Page, host: string | null, vm: string, gpu: string): Promise<DialogText> {
  await runCommand(p, 'GPU-PV: Assign GPU Partition…');
  if (host !== null) await pickQuickItem(p, 'Choose a Hyper-V host', host);
  await pickQuickItem(p, 'Assign a GPU partition', vm);
  await pickQuickItem(p, `Assign a GPU partition to ${vm}`, gpu);
  await pickQuickItem(p, `Assign a GPU partition to ${vm}: size`, 'Whole GPU');
  return answerDialog(p, new RegExp(`^Assign ${gpu} to ${vm}\\?$`), 'Apply');
}

/** Make GPU-PV Ready…: host and VM picked, then Apply on the plan; answers the plan's text. */
export async function makeReady(p: Page, host: string | null, vm: string): Promise<DialogText> {
  await runCommand(p, 'GPU-PV: Make GPU-PV Ready…');
  if (host !== null) await pickQuickItem(p, 'Choose a Hyper-V host', host);
  await pickQuickItem(p, 'Make a VM GPU-PV ready', vm);
  return answerDialog(p, new RegExp(`^Change \\d settings of ${vm}\\?$`), 'Apply');
}
