namespace ExtractApi.Jobs.Engine;

/// <summary>The proof of one claim of a job. Every write after the claim names it, so a worker whose lease was
/// taken back (a zombie) changes nothing.</summary>
public readonly record struct LeaseToken(Guid Value)
{
    public override string ToString() => Value.ToString("N");
}
