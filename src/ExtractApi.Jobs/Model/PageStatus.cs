namespace ExtractApi.Jobs.Model;

public enum PageStatus
{
    Pending,
    Succeeded,
    Failed,
}
