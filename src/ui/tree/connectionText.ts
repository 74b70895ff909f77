/** How the tree words a remote host's connection: its settings, and when it last failed. */
import type { RemoteConnection } from '../../host/remoteConfig';

export function describeConnection(connection: RemoteConnection): string {
  if (connection.transport === 'ssh') {
    const user = connection.userName ? `${connection.userName}@` : '';
    return `SSH to ${user}${connection.address}${connection.port ? `:${connection.port}` : ''}${connection.keyFilePath ? ' (key file)' : ''}`;
  }
  const port = connection.port ?? (connection.useSsl ? 5986 : 5985);
  const auth = connection.authentication && connection.authentication !== 'Default' ? `, ${connection.authentication}` : '';
  return `WinRM to ${connection.address}:${port} (${connection.useSsl ? 'HTTPS' : 'HTTP'}${auth})`;
}

export function failedAtText(failedAt: number | undefined): string {
  return failedAt ? `failed ${new Date(failedAt).toLocaleTimeString()}` : 'failed';
}
