using System.Security.Cryptography;

namespace InvokeAI.Core.Pipelines;

/// <summary>Picks a seed when the user gives none; the render records it so it can be reproduced.</summary>
public static class SeedSource
{
    public static uint NewSeed() => BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
}
