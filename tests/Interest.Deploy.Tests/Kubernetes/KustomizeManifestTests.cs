using Interest.Deploy.Tests.Configuration;
using Interest.Grains.Placement;
using k8s.Models;

namespace Interest.Deploy.Tests.Kubernetes;

[Collection(RenderedManifestsCollection.Name)]
public class KustomizeManifestTests(RenderedManifests manifests)
{
    private static readonly string[] Silos = ["interest-ingest", "interest-inference"];

    [Fact]
    public void Every_rendered_document_is_a_known_kind_in_the_interest_namespace()
    {
        Assert.Equal(17, manifests.Objects.Count);
        Assert.All(manifests.Objects, Assert.NotNull);
        var namespaced = manifests.Objects.OfType<k8s.IKubernetesObject<V1ObjectMeta>>().Where(o => o is not V1Namespace).ToList();
        Assert.Equal(manifests.Objects.Count - 1, namespaced.Count);
        Assert.All(namespaced, o => Assert.Equal("interest", o.Metadata.NamespaceProperty));
        Assert.Equal("interest", manifests.All<V1Namespace>().Single().Metadata.Name);
    }

    [Theory]
    [InlineData("interest-ingest", 5080)]
    [InlineData("interest-inference", 5080)]
    [InlineData("interest-web", 8080)]
    public void Probes_ask_for_liveness_and_readiness_on_the_port_the_process_listens_on(string deployment, int port)
    {
        var container = Container(deployment);
        Assert.Equal("/health", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("/health/ready", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal(port, RenderedManifests.Port(container, container.LivenessProbe.HttpGet.Port));
        Assert.Equal(port, RenderedManifests.Port(container, container.ReadinessProbe.HttpGet.Port));
        Assert.Equal($"http://+:{port}", RenderedManifests.Value(container, "Urls"));
    }

    [Theory]
    [InlineData("interest-ingest", SiloRoles.Ingest)]
    [InlineData("interest-inference", SiloRoles.Inference)]
    public void Silos_run_orleans_kubernetes_hosting_with_their_pod_identity(string deployment, string role)
    {
        var pod = manifests.Named<V1Deployment>(deployment).Spec.Template;
        var container = Container(deployment);
        Assert.Equal([role], SiloRoles.Parse(RenderedManifests.Value(container, "Silo__Roles")));
        Assert.Equal("true", RenderedManifests.Value(container, "Silo__KubernetesHosting"));

        var fields = RenderedManifests.Env(container).Where(e => e.ValueFrom?.FieldRef is not null)
            .ToDictionary(e => e.Name, e => e.ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.name", fields["POD_NAME"]);
        Assert.Equal("metadata.namespace", fields["POD_NAMESPACE"]);
        Assert.Equal("status.podIP", fields["POD_IP"]);
        foreach (var (variable, label) in new[] { ("ORLEANS_SERVICE_ID", "orleans/serviceId"), ("ORLEANS_CLUSTER_ID", "orleans/clusterId") })
        {
            Assert.Equal($"metadata.labels['{label}']", fields[variable]);
            Assert.True(pod.Metadata.Labels.ContainsKey(label), $"{deployment}'s pods lack the label {label} that {variable} reads.");
        }
    }

    [Fact]
    public void The_web_tier_joins_the_cluster_the_silos_label_themselves_with()
    {
        var config = manifests.Named<V1ConfigMap>("interest-config").Data;
        Assert.Contains(Container("interest-web").EnvFrom, s => s.ConfigMapRef?.Name == "interest-config");
        foreach (string silo in Silos)
        {
            var labels = manifests.Named<V1Deployment>(silo).Spec.Template.Metadata.Labels;
            Assert.Equal(config["Orleans__ClusterId"], labels["orleans/clusterId"]);
            Assert.Equal(config["Orleans__ServiceId"], labels["orleans/serviceId"]);
        }
    }

    [Fact]
    public void Silos_run_as_a_service_account_bound_to_the_pod_verbs_orleans_needs()
    {
        var role = manifests.Named<V1Role>("interest-silo");
        var binding = manifests.Named<V1RoleBinding>("interest-silo");
        Assert.Equal(("Role", role.Metadata.Name), (binding.RoleRef.Kind, binding.RoleRef.Name));
        var pods = role.Rules.Single(r => r.Resources.Contains("pods") && r.ApiGroups.Contains(""));
        Assert.Superset(new HashSet<string> { "get", "list", "watch", "delete", "patch" }, pods.Verbs.ToHashSet());
        foreach (string silo in Silos)
        {
            string account = manifests.Named<V1Deployment>(silo).Spec.Template.Spec.ServiceAccountName;
            Assert.Contains(binding.Subjects, s => s.Kind == "ServiceAccount" && s.Name == account);
            manifests.Named<V1ServiceAccount>(account);
        }
    }

    [Fact]
    public void Inference_asks_for_one_gpu_on_a_gpu_node_and_mounts_the_model_it_reads()
    {
        var pod = manifests.Named<V1Deployment>("interest-inference").Spec.Template.Spec;
        var container = Container("interest-inference");
        Assert.Equal("1", container.Resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Contains(pod.Tolerations, t => t.Key == "nvidia.com/gpu" && t.Effect == "NoSchedule");
        Assert.NotEmpty(pod.NodeSelector);

        string modelPath = RenderedManifests.Value(container, "Inference__ModelPath")!;
        var mount = container.VolumeMounts.Single(m => modelPath.StartsWith(m.MountPath + "/", StringComparison.Ordinal));
        Assert.True(mount.ReadOnlyProperty);
        var volume = pod.Volumes.Single(v => v.Name == mount.Name);
        manifests.Named<V1PersistentVolumeClaim>(volume.PersistentVolumeClaim.ClaimName);
        Assert.Equal("cuda", RenderedManifests.Value(container, "Inference__Device"));
    }

    [Fact]
    public void Every_disruption_budget_selects_the_pods_of_exactly_one_deployment()
    {
        var budgets = manifests.All<V1PodDisruptionBudget>().ToList();
        Assert.Equal(3, budgets.Count);
        foreach (var budget in budgets)
        {
            var selected = manifests.All<V1Deployment>().Where(d => Selects(budget.Spec.Selector.MatchLabels, d.Spec.Template.Metadata.Labels)).ToList();
            Assert.True(selected.Count == 1, $"PDB {budget.Metadata.Name} selects {selected.Count} deployments.");
        }
        Assert.Equal(manifests.All<V1Deployment>().Select(d => d.Metadata.Name).Order(),
            budgets.Select(b => manifests.All<V1Deployment>().Single(d => Selects(b.Spec.Selector.MatchLabels, d.Spec.Template.Metadata.Labels)).Metadata.Name).Order());
    }

    [Fact]
    public void Deployment_and_service_selectors_match_their_pods()
    {
        foreach (var deployment in manifests.All<V1Deployment>())
        {
            Assert.True(Selects(deployment.Spec.Selector.MatchLabels, deployment.Spec.Template.Metadata.Labels), deployment.Metadata.Name);
        }
        var service = manifests.Named<V1Service>("interest-web");
        Assert.True(Selects(service.Spec.Selector, manifests.Named<V1Deployment>("interest-web").Spec.Template.Metadata.Labels));
        Assert.Equal(8080, RenderedManifests.Port(Container("interest-web"), service.Spec.Ports.Single().TargetPort));
    }

    [Fact]
    public void The_autoscaler_scales_the_web_deployment_on_cpu_it_requests()
    {
        var autoscaler = manifests.Named<V2HorizontalPodAutoscaler>("interest-web");
        var target = autoscaler.Spec.ScaleTargetRef;
        Assert.Equal(("apps/v1", "Deployment"), (target.ApiVersion, target.Kind));
        manifests.Named<V1Deployment>(target.Name);
        Assert.Equal("interest-web", target.Name);
        Assert.True(autoscaler.Spec.MinReplicas <= autoscaler.Spec.MaxReplicas);
        var metric = autoscaler.Spec.Metrics.Single();
        Assert.Equal("cpu", metric.Resource.Name);
        Assert.True(Container(target.Name).Resources.Requests.ContainsKey("cpu"), "Utilization targets need a CPU request.");
    }

    [Fact]
    public void Ingest_runs_two_replicas() =>
        Assert.Equal(2, manifests.Named<V1Deployment>("interest-ingest").Spec.Replicas);

    [Fact]
    public void Redis_appends_only_on_a_persistent_volume_behind_the_service_the_config_names()
    {
        var redis = manifests.Named<V1StatefulSet>("redis");
        Assert.Equal(["redis-server", "--appendonly", "yes"], redis.Spec.Template.Spec.Containers.Single().Args);
        Assert.Contains(redis.Spec.VolumeClaimTemplates, c => c.Metadata.Name == "data");
        string host = manifests.Named<V1ConfigMap>("interest-config").Data["Redis__ConnectionString"].Split(':')[0];
        var service = manifests.Named<V1Service>(host);
        Assert.True(Selects(service.Spec.Selector, redis.Spec.Template.Metadata.Labels));
    }

    [Fact]
    public void Secrets_reach_containers_only_through_secret_references_to_keys_that_exist()
    {
        var secret = manifests.Named<V1Secret>("interest-secrets");
        foreach (var deployment in manifests.All<V1Deployment>())
        {
            foreach (var variable in RenderedManifests.Env(deployment.Spec.Template.Spec.Containers.Single()))
            {
                if (variable.Name.Contains("Password", StringComparison.OrdinalIgnoreCase) || variable.Name.Contains("ApiKeys", StringComparison.Ordinal))
                {
                    Assert.Null(variable.Value);
                    var reference = variable.ValueFrom.SecretKeyRef;
                    Assert.Equal(secret.Metadata.Name, reference.Name);
                    Assert.True(secret.StringData.ContainsKey(reference.Key), $"{deployment.Metadata.Name}: {variable.Name} names a missing key {reference.Key}.");
                }
            }
        }
        Assert.All(secret.StringData.Values, v => Assert.StartsWith("replace-me", v));
        Assert.DoesNotContain(manifests.Named<V1ConfigMap>("interest-config").Data.Keys,
            k => k.Contains("Password", StringComparison.OrdinalIgnoreCase) || k.Contains("ApiKeys", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_environment_variable_and_config_map_key_is_a_key_the_code_reads()
    {
        var names = manifests.All<V1Deployment>().Where(d => d.Metadata.Name.StartsWith("interest-", StringComparison.Ordinal))
            .SelectMany(d => RenderedManifests.Env(d.Spec.Template.Spec.Containers.Single()).Select(e => e.Name))
            .Concat(manifests.Named<V1ConfigMap>("interest-config").Data.Keys);
        var problems = names.Distinct().Select(ConfigurationKeys.Problem).OfType<string>().ToList();
        Assert.True(problems.Count == 0, string.Join("; ", problems));
    }

    [Fact]
    public void The_catalogue_size_is_the_model_files_alone()
    {
        Assert.NotNull(RenderedManifests.Value(Container("interest-inference"), "Inference__ModelPath"));
        var names = manifests.All<V1Deployment>()
            .SelectMany(d => RenderedManifests.Env(d.Spec.Template.Spec.Containers.Single()).Select(e => e.Name))
            .Concat(manifests.Named<V1ConfigMap>("interest-config").Data.Keys);
        Assert.DoesNotContain(names, name => name is "Kafka__CatalogItemCount" or "Inference__ItemCount");
    }

    [Fact]
    public void Application_pods_run_as_non_root()
    {
        foreach (var deployment in manifests.All<V1Deployment>())
        {
            Assert.True(deployment.Spec.Template.Spec.SecurityContext?.RunAsNonRoot == true, deployment.Metadata.Name);
        }
    }

    private V1Container Container(string deployment) => manifests.Named<V1Deployment>(deployment).Spec.Template.Spec.Containers.Single();

    private static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null && selector.All(s => labels.TryGetValue(s.Key, out string? v) && v == s.Value);
}
