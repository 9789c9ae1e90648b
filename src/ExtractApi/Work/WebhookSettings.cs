namespace ExtractApi.Work;

/// <summary>The <c>Webhooks</c> section.</summary>
public sealed class WebhookSettings
{
    public const string Section = "Webhooks";

    /// <summary>The HMAC key of webhook signatures; when empty, one is derived from the server's signing key.</summary>
    public string? SigningSecret { get; set; }
}
