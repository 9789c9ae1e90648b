namespace ExtractApi.PollBenchmarks;

/// <summary>
/// One measured peak of a row, with the CPU time spent per request by the answering process and by it and PostgreSQL
/// together (microseconds).
/// </summary>
public sealed record Run(LoadFigures Peak, double ProcessCpuMicroseconds, double TotalCpuMicroseconds);
