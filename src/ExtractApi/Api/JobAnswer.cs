using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace ExtractApi.Api;

/// <summary>
/// A poll answer whose body is a <typeparamref name="T"/>, rendered by <see cref="JobAnswerCache"/> (from memory with an
/// ETag, or freshly serialised). Handlers declare it in their result types, so OpenAPI documents the body from the code.
/// </summary>
public sealed class JobAnswer<T> : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult
{
    private readonly IResult answer;

    internal JobAnswer(IResult answer, int statusCode, T? value)
    {
        this.answer = answer;
        StatusCode = statusCode;
        Value = value;
    }

    /// <summary>The status the answer is sent with (200 unless the dialect answers otherwise, e.g. 202 while running).</summary>
    public int? StatusCode { get; }

    /// <summary>The body when it was rendered for this request; null when it was served from memory.</summary>
    public T? Value { get; }

    object? IValueHttpResult.Value => Value;

    public Task ExecuteAsync(HttpContext httpContext) => answer.ExecuteAsync(httpContext);

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
    }
}
