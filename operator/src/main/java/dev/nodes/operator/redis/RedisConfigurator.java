package dev.nodes.operator.redis;

import dev.nodes.contracts.CacheKeys;
import dev.nodes.operator.watch.RedisMemory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Reads and sets Redis's eviction settings with CONFIG GET/SET, and reads them back. */
public class RedisConfigurator {
    /** The service's default cache namespace (APP_NODES_CACHE_NAMESPACE). */
    static final String CACHE_KEY_PATTERN = CacheKeys.prefix(CacheKeys.DEFAULT_NAMESPACE) + "*";

    private static final int SAMPLE_KEYS = 200;
    private final int timeoutMillis;

    public RedisConfigurator(int timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * @param maxmemory the spec's value: null to leave alone, "auto", or a size
     * @param write     false when paused: observe only
     */
    public RedisOutcome reconcile(RedisTarget target, String policy, String maxmemory, int maxEntries, boolean write) {
        try (Jedis jedis = connect(target)) {
            String note = null;
            Long bytes = null;
            if (MaxmemorySize.AUTO.equals(maxmemory)) {
                OptionalLong auto = MaxmemoryAutoSizer.size(maxEntries, meanEntryBytes(jedis));
                if (auto.isPresent()) {
                    bytes = auto.getAsLong();
                    note = "maxmemory auto-sized to " + bytes + " bytes";
                } else {
                    note = "maxmemory auto: no cached entries to measure yet, left as is";
                }
            } else if (maxmemory != null) {
                bytes = MaxmemorySize.parseBytes(maxmemory);
            }
            RedisConfig desired = new RedisConfig(policy, bytes);
            Map<String, String> drift = RedisDrift.settingsToApply(desired, read(jedis));
            if (write) {
                drift.forEach(jedis::configSet);
            }
            RedisConfig after = read(jedis);
            boolean inSync = RedisDrift.settingsToApply(desired, after).isEmpty();
            return new RedisOutcome(after, write ? drift : Map.of(), inSync, null, note);
        } catch (RuntimeException e) {
            return RedisOutcome.unreachable("Redis " + target + ": " + e.getMessage());
        }
    }

    /** The settings as they are, or empty when Redis does not answer: what the drift poll compares; never throws. */
    public Optional<RedisConfig> current(RedisTarget target) {
        try (Jedis jedis = connect(target)) {
            return Optional.of(read(jedis));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** used_memory and maxmemory from {@code INFO memory}, for the regression watch; never throws. */
    public RedisMemory memory(RedisTarget target) {
        try (Jedis jedis = connect(target)) {
            return RedisMemory.parseInfo(jedis.info("memory"));
        } catch (RuntimeException e) {
            return RedisMemory.unreachable("Redis " + target + ": " + e.getMessage());
        }
    }

    private Jedis connect(RedisTarget target) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .clientName("nodes-operator")
                .autoNegotiateProtocol(false); // RESP2 is all CONFIG needs; avoids a warning per connection
        if (target.password() != null && !target.password().isEmpty()) {
            config.password(target.password());
        }
        return new Jedis(new HostAndPort(target.host(), target.port()), config.build());
    }

    static RedisConfig read(Jedis jedis) {
        Map<String, String> values = jedis.configGet("maxmemory-policy", "maxmemory");
        return new RedisConfig(values.get("maxmemory-policy"), Long.parseLong(values.get("maxmemory")));
    }

    /** Mean MEMORY USAGE of a sample of the service's cache keys (SCAN, so Redis never blocks). */
    static OptionalLong meanEntryBytes(Jedis jedis) {
        ScanParams params = new ScanParams().match(CACHE_KEY_PATTERN).count(SAMPLE_KEYS);
        String cursor = ScanParams.SCAN_POINTER_START;
        long total = 0;
        int counted = 0;
        do {
            ScanResult<String> page = jedis.scan(cursor, params);
            List<String> keys = page.getResult();
            for (String key : keys) {
                Long usage = jedis.memoryUsage(key);
                if (usage != null) {
                    total += usage;
                    counted++;
                }
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor) && counted < SAMPLE_KEYS);
        return counted == 0 ? OptionalLong.empty() : OptionalLong.of(total / counted);
    }
}
