using TorchSharp;

namespace Interest.Inference;

/// <summary>Turns the <see cref="InferenceOptions.Device"/> setting into a torch device.</summary>
public static class TorchDevices
{
    public static bool IsKnownSetting(string? setting) =>
        setting is not null && (Is(setting, "auto") || Is(setting, "cpu") || Is(setting, "cuda"));

    /// <summary>"auto" picks CUDA when libtorch can see a GPU, else the CPU; "cuda" without a GPU is an error.</summary>
    public static torch.Device Resolve(string setting)
    {
        if (Is(setting, "cpu")) return torch.CPU;
        if (Is(setting, "cuda"))
        {
            if (!torch.cuda.is_available())
            {
                throw new InvalidOperationException(
                    "Inference:Device is 'cuda' but libtorch reports no usable CUDA device (is the CUDA build of TorchSharp referenced, -p:TorchDevice=cuda?).");
            }
            return torch.CUDA;
        }
        if (Is(setting, "auto")) return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        throw new ArgumentException($"Unknown device setting '{setting}'; use 'auto', 'cpu' or 'cuda'.", nameof(setting));
    }

    /// <summary>"cpu" or "cuda", as reported in <see cref="Interest.Abstractions.ModelDescription.Device"/>.</summary>
    public static string Describe(torch.Device device) => device.type == DeviceType.CUDA ? "cuda" : "cpu";

    private static bool Is(string setting, string name) => string.Equals(setting.Trim(), name, StringComparison.OrdinalIgnoreCase);
}
