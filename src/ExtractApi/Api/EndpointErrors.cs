namespace ExtractApi.Api;

public static class EndpointErrors
{
    /// <summary>Documents the error answers of an endpoint in its dialect's error shape.</summary>
    public static RouteHandlerBuilder ProducesErrors<TError>(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes) builder.Produces<TError>(status);
        return builder;
    }
}
