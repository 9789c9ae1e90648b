namespace ExtractApi.Api;

/// <summary>One field that failed validation.</summary>
public sealed record FieldError(string Field, string Message);
