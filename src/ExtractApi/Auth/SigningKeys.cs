using System.Security.Cryptography;
using System.Text;
using ExtractApi.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace ExtractApi.Auth;

/// <summary>Finds the HS256 key shared by the server and the <c>token</c> command.</summary>
public static class SigningKeys
{
    public static SymmetricSecurityKey Resolve(AuthSettings settings, LocalDataSettings localData)
    {
        var material = settings.SigningKey;
        if (string.IsNullOrWhiteSpace(material))
        {
            var path = Path.Combine(localData.FullPath, "signing-key");
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(localData.FullPath);
                File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            material = File.ReadAllText(path).Trim();
        }
        var bytes = TryBase64(material) ?? Encoding.UTF8.GetBytes(material);
        if (bytes.Length < 32)
        {
            throw new InvalidOperationException("Auth:SigningKey must hold at least 32 bytes (256 bits) for HS256.");
        }
        return new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexString(SHA256.HashData(bytes))[..16] };
    }

    private static byte[]? TryBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) && written >= 32 ? buffer[..written] : null;
    }
}
