/**
 * The PowerShell an action runs, written out so a user can read it before it runs, copy it, or run
 * it by hand. The module's handlers run these same cmdlets; a static test parses every preview
 * with tree-sitter-powershell and checks each call against the cmdlet signature table.
 */
import type { GpuPvAction, PartitionSizes, VmSettingsChange } from './gpuPvAction';
import { SIZE_KEYS } from './gpuPvAction';

/** A PowerShell single-quoted literal; PowerShell also ends such strings at U+2018-U+201B. */
export function psLiteral(text: string): string {
  return `'${text.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/** What a host's administrator runs so that `account` may use Hyper-V without elevation. */
export function grantHyperVAdministrators(account: string): string {
  return `Add-LocalGroupMember -Group ${psLiteral('Hyper-V Administrators')} -Member ${psLiteral(account)}`;
}

/** A comment line: no line break may end the comment early and start a command. */
function comment(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  return `# ${text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ')}`;
}

function sizeParameters(sizes: PartitionSizes): string {
  return SIZE_KEYS.filter((key) => sizes[key] !== undefined)
    .map((key) => ` -${key} ${sizes[key]!.toString()}`)
    .join('');
}

function vmSettingParameters(settings: VmSettingsChange): { setVm: string; setMemory: string } {
  let setVm = '';
  if (settings.GuestControlledCacheTypes !== undefined) setVm += ` -GuestControlledCacheTypes $${settings.GuestControlledCacheTypes}`;
  if (settings.LowMemoryMappedIoSpace !== undefined) setVm += ` -LowMemoryMappedIoSpace ${settings.LowMemoryMappedIoSpace}`;
  if (settings.HighMemoryMappedIoSpace !== undefined) setVm += ` -HighMemoryMappedIoSpace ${settings.HighMemoryMappedIoSpace}`;
  if (settings.CheckpointType !== undefined) setVm += ` -CheckpointType ${settings.CheckpointType}`;
  if (settings.AutomaticStopAction !== undefined) setVm += ` -AutomaticStopAction ${settings.AutomaticStopAction}`;
  const setMemory = settings.DynamicMemoryEnabled !== undefined ? ` -DynamicMemoryEnabled $${settings.DynamicMemoryEnabled}` : '';
  return { setVm, setMemory };
}

/** One command per line. VMs are found by id: names may hold wildcard characters. */
export function powershellPreview(action: GpuPvAction): string[] {
  const lines: string[] = [];
  if ('vm' in action) {
    lines.push(comment(`VM: ${action.vm.name}`), `$vm = Get-VM -Id ${psLiteral(action.vm.id)}`);
  }
  switch (action.kind) {
    case 'assign-gpu':
      if (action.gpu) lines.splice(0, 0, comment(`GPU: ${action.gpu.label}`));
      lines.push(
        `Add-VMGpuPartitionAdapter -VM $vm${action.gpu ? ` -InstancePath ${psLiteral(action.gpu.instancePath)}` : ''}${action.sizes ? sizeParameters(action.sizes) : ''}`,
      );
      break;
    case 'resize-partition':
      lines.push(
        `Set-VMGpuPartitionAdapter -VM $vm${action.adapterId ? ` -AdapterId ${psLiteral(action.adapterId)}` : ''}${sizeParameters(action.sizes)}`,
      );
      break;
    case 'remove-partition':
      lines.push(
        `Remove-VMGpuPartitionAdapter -VM $vm${action.adapterId ? ` -AdapterId ${psLiteral(action.adapterId)}` : ''} -Confirm:$false`,
      );
      break;
    case 'configure-vm': {
      const { setVm, setMemory } = vmSettingParameters(action.settings);
      if (setVm) lines.push(`Set-VM -VM $vm${setVm}`);
      if (setMemory) lines.push(`Set-VMMemory -VM $vm${setMemory}`);
      break;
    }
    case 'set-partition-count':
      lines.push(comment(`GPU: ${action.gpu.label}`));
      lines.push(
        `${action.windows10 ? 'Set-VMPartitionableGpu' : 'Set-VMHostPartitionableGpu'} -Name ${psLiteral(action.gpu.instancePath)} ` +
          `-PartitionCount ${action.count}`,
      );
      break;
    case 'start-vm':
      lines.push('Start-VM -VM $vm');
      break;
    case 'stop-vm':
      // -Force: no confirmation prompt, which would hang a non-interactive shell; still a guest shutdown.
      lines.push(action.turnOff ? 'Stop-VM -VM $vm -TurnOff -Force' : 'Stop-VM -VM $vm -Force');
      break;
    case 'discard-saved-state':
      // -Confirm:$false: a confirmation prompt would fail the non-interactive shell.
      lines.push('Remove-VMSavedState -VM $vm -Confirm:$false');
      break;
  }
  return lines;
}
