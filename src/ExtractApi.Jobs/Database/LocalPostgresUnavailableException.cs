using System.Net;
using System.Net.Sockets;

namespace ExtractApi.Jobs.Database;

public sealed class LocalPostgresUnavailableException(string message) : Exception(message);
