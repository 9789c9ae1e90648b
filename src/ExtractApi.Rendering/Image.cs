namespace ExtractApi.Rendering;

/// <summary>Image bytes and their media type (<c>image/png</c> or <c>image/jpeg</c>).</summary>
public sealed record Image(byte[] Bytes, string ContentType);
