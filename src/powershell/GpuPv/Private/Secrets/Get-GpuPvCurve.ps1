function Get-GpuPvCurve {
    # NIST P-256, the curve of every session key (ECCurve.NamedCurves.nistP256, .NET Framework 4.7+).
    return ([type] 'System.Security.Cryptography.ECCurve+NamedCurves')::nistP256
}
