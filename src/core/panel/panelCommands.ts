/**
 * The only commands the panel's page may ask the extension to run. Each is an existing command of
 * the tree, run on a reference to the VM, GPU or host the tree's row names: the panel adds no
 * second way to change a VM.
 */
export const PANEL_COMMANDS = [
  'gpupv.makeReady',
  'gpupv.setMmio',
  'gpupv.enableWriteCombining',
  'gpupv.disableCheckpoints',
  'gpupv.setStopActionShutDown',
  'gpupv.disableDynamicMemory',
  'gpupv.assignGpu',
  'gpupv.removeGpu',
  'gpupv.startVm',
  'gpupv.shutDownVm',
  'gpupv.discardSavedState',
  'gpupv.setPartitionCount',
  'gpupv.setGuestCredentials',
  'gpupv.syncDriver',
  'gpupv.refreshHost',
  'gpupv.showLog',
] as const;
export type PanelCommand = (typeof PANEL_COMMANDS)[number];

/** What a command acts on: commands of a VM take a VM, of a GPU a GPU, of a host the host. */
export const COMMAND_TARGET: Readonly<Record<PanelCommand, 'vm' | 'gpu' | 'host' | 'none'>> = {
  'gpupv.makeReady': 'vm',
  'gpupv.setMmio': 'vm',
  'gpupv.enableWriteCombining': 'vm',
  'gpupv.disableCheckpoints': 'vm',
  'gpupv.setStopActionShutDown': 'vm',
  'gpupv.disableDynamicMemory': 'vm',
  'gpupv.assignGpu': 'vm',
  'gpupv.removeGpu': 'vm',
  'gpupv.startVm': 'vm',
  'gpupv.shutDownVm': 'vm',
  'gpupv.discardSavedState': 'vm',
  'gpupv.setGuestCredentials': 'vm',
  'gpupv.syncDriver': 'vm',
  'gpupv.setPartitionCount': 'gpu',
  'gpupv.refreshHost': 'host',
  'gpupv.showLog': 'none',
};

/** Button labels for the commands, as the page shows them. */
export const COMMAND_LABEL: Readonly<Record<PanelCommand, string>> = {
  'gpupv.makeReady': 'Make GPU-PV Ready…',
  'gpupv.setMmio': 'Set MMIO Space…',
  'gpupv.enableWriteCombining': 'Enable Write-Combining',
  'gpupv.disableCheckpoints': 'Disable Checkpoints',
  'gpupv.setStopActionShutDown': 'Shut Down When the Host Stops',
  'gpupv.disableDynamicMemory': 'Use Static Memory',
  'gpupv.assignGpu': 'Assign GPU Partition…',
  'gpupv.removeGpu': 'Remove GPU Partition…',
  'gpupv.startVm': 'Start VM',
  'gpupv.shutDownVm': 'Shut Down VM',
  'gpupv.discardSavedState': 'Discard Saved State…',
  'gpupv.setGuestCredentials': 'Set Guest Credentials…',
  'gpupv.syncDriver': 'Sync Driver',
  'gpupv.setPartitionCount': 'Set Partition Count…',
  'gpupv.refreshHost': 'Refresh',
  'gpupv.showLog': 'Show Log',
};
