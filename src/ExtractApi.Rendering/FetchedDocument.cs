namespace ExtractApi.Rendering;

/// <summary>A document fetched for <see cref="RenderRequest.Url"/>: its status, media type and bytes.</summary>
public sealed record FetchedDocument(int StatusCode, string ContentType, byte[] Body);
